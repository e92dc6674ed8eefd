#!/usr/bin/env bash
# The test suite, by layer, from a fresh clone: bootstrap, then
#   sanity, units, integration   ansible-test, on every ansible-core line of scripts/lines.txt
#   simulator                     the simulator's own tests
#   reliability                   faults, bad input, TLS, Hypothesis, fleets under the rate limit, secrets
#   eda                           the event sources (asyncio queue) and the rulebooks (a real ansible-rulebook)
#   lint                          yamllint, ruff (with the complexity checks), mypy, ansible-lint
#   gates                         docs, changelog, build, galaxy-importer, execution environment, ansible-runner
# Usage: scripts/test.sh [--newest] [LAYER...]   (no LAYER: all of them, as CI runs it; --newest: the
# ansible-test layers on the newest line only). Counts come from JUnit XML (ansible-test --junit, pytest
# --junit-xml); a step that is one check counts by its exit code. The last line is "N passed, M failed".
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root" || exit 1
ALL_LAYERS=(sanity units integration simulator reliability eda lint gates)
LINT_GATES=(yamllint ruff mypy ansible-lint)
newest=0
if [ "${1:-}" = --newest ]; then newest=1; shift; fi
layers=("$@")
[ ${#layers[@]} -gt 0 ] || layers=("${ALL_LAYERS[@]}")
for layer in "${layers[@]}"; do
  [[ " ${ALL_LAYERS[*]} " == *" $layer "* ]] || { echo "unknown layer $layer; layers: ${ALL_LAYERS[*]}" >&2; exit 2; }
done
wants() { [[ " ${layers[*]} " == *" $1 "* ]]; }

results="$root/.work/results"
rm -rf "$results"
mkdir -p "$results"
passed=0
failed=0
failed_steps=()

run() {  # run NAME COMMAND... -> exit code in $status, output in $results/NAME.log
  local started=$SECONDS name="$1"
  shift
  echo "--- $name"
  "$@" > "$results/$name.log" 2>&1
  status=$?
  step_seconds=$((SECONDS - started))
}

count() {  # count NAME [JUNIT_DIR [--rescued]]: add the step's counts (from its JUnit files, else its exit code)
  local name="$1" counts
  counts="$(python3 "$root/scripts/count_results.py" "$status" "${2:-}" "${3:-}")"
  passed=$((passed + ${counts% *}))
  failed=$((failed + ${counts#* }))
  [ "$status" -eq 0 ] || failed_steps+=("$name")
  printf '%-28s %s (passed failed: %s) in %ss\n' "$name" "$([ "$status" -eq 0 ] && echo ok || echo FAILED)" "$counts" "$step_seconds"
  [ "$status" -eq 0 ] || tail -n 60 "$results/$name.log"
}

# ansible-test's shellcheck sanity test needs the program; Debian has it.
install_shellcheck() {
  command -v shellcheck > /dev/null && return 0
  if [ "$(id -u)" = 0 ] && command -v apt-get > /dev/null; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq shellcheck
  else
    echo "shellcheck is missing and cannot be installed here: install it, or sanity's shellcheck test is skipped" >&2
  fi
}

mapfile -t lines < <(awk '!/^#/ && NF {print $1}' scripts/lines.txt)
newest_line="${lines[0]}"
[ "$newest" = 0 ] || lines=("$newest_line")
venvs=("${lines[@]}" tools)
if wants eda; then venvs+=(eda); fi
bootstrap() { bash scripts/bootstrap.sh "${venvs[@]}" && install_shellcheck; }
run bootstrap bootstrap
if [ "$status" -ne 0 ]; then
  tail -n 40 "$results/bootstrap.log"
  echo "0 passed, 1 failed"
  exit 1
fi
tree="$(bash scripts/collection-tree.sh)"
export PATH="$root/.work/pybin:$PATH"

ansible_test() {  # ansible_test LAYER LINE ARGS...: one ansible-test layer on one line, counted from its JUnit files
  local layer="$1" line="$2"
  shift 2
  cd "$tree" || exit 1
  rm -rf tests/output
  run "$layer-$line" "$root/.work/venv-$line/bin/ansible-test" "$layer" --venv --color no "$@"
  if [ -d tests/output/junit ]; then mv tests/output/junit "$results/$layer-$line-junit"; fi
  cd "$root" || exit 1
  count "$layer-$line" "$results/$layer-$line-junit" "$([ "$layer" = integration ] && echo --rescued)"
}

for line in "${lines[@]}"; do
  python="$(awk -v l="$line" '$1 == l {print $2}' scripts/lines.txt)"
  if wants sanity; then ansible_test sanity "$line" --junit; fi
  if wants units; then ansible_test units "$line" --python "$python"; fi
  if wants integration; then ansible_test integration "$line" --python "$python" --continue-on-error; fi
done

newest_python="$root/.work/venv-$newest_line/bin/python"
if wants simulator; then
  run simulator "$newest_python" -m pytest -q -p no:cacheprovider tests/simulator --junit-xml "$results/simulator-junit/simulator.xml"
  count simulator "$results/simulator-junit"
fi

# Its measured figures go to .work/results/reliability-figures.json.
if wants reliability; then
  cd "$tree" || exit 1
  run reliability env PATH="$root/.work/venv-$newest_line/bin:$PATH" PYTHONPATH="$root/.work/tree" \
    RELIABILITY_FIGURES="$results/reliability-figures.json" \
    "$newest_python" -m pytest -q -s -p no:cacheprovider tests/reliability --junit-xml "$results/reliability-junit/reliability.xml"
  cd "$root" || exit 1
  count reliability "$results/reliability-junit"
fi

if wants eda; then
  cd "$tree" || exit 1
  run eda env PATH="$root/.work/venv-eda/bin:$PATH" PYTHONPATH="$root/.work/tree" \
    "$root/.work/venv-eda/bin/python" -m pytest -q -s -p no:cacheprovider tests/eda --junit-xml "$results/eda-junit/eda.xml"
  cd "$root" || exit 1
  count eda "$results/eda-junit"
fi

gates=()
if wants lint; then gates+=("${LINT_GATES[@]}"); fi
if wants gates; then
  while read -r gate; do
    [[ " ${LINT_GATES[*]} " == *" $gate "* ]] || gates+=("$gate")
  done < <(bash scripts/gates.sh --list)
fi
if [ ${#gates[@]} -gt 0 ]; then
  bash scripts/collection-tree.sh > /dev/null  # afresh: ansible-test left its output in the last one
  rm -rf "$root/.work/gates"
  for gate in "${gates[@]}"; do
    run "gate-$gate" bash scripts/gates.sh "$gate"
    count "gate-$gate" "$([ "$gate" = ansible-runner ] && echo "$root/.work/gates/runner-junit")"
  done
fi

if [ ${#failed_steps[@]} -gt 0 ]; then echo "failed steps: ${failed_steps[*]}"; fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ ${#failed_steps[@]} -eq 0 ]
