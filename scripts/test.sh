#!/usr/bin/env bash
# The test suite, by layer, from a fresh clone: bootstrap, then
#   sanity, units, integration   ansible-test, on every ansible-core line of scripts/lines.txt
#   simulator                     the simulator's own tests, and the offline guide run from an installed tarball
#   reliability                   faults, bad input, TLS, Hypothesis, fleets under the rate limit, secrets
#   eda                           the event sources (asyncio queue) and the rulebooks (a real ansible-rulebook)
#   lint                          yamllint, ruff (with the complexity checks), mypy, ansible-lint, actionlint
#   gates                         docs, changelog, build, galaxy-importer, execution environment, ansible-runner
# Usage: scripts/test.sh [--newest | --line LINE] [LAYER...]   (no LAYER: all of them, as CI runs it).
# Sanity and units run on every line of scripts/lines.txt, integration on the newest and the oldest;
# --line LINE runs the ansible-test layers on that line only (--newest: the newest line), as one job of
# the GitHub workflow does. The other layers run on the newest line.
# The layers are cut into steps (one per layer and line, the reliability suite in three, the gates in one),
# which TEST_WORKERS workers (default 4: many steps wait on the simulator's clock, not on the CPU) take off
# one queue, longest first, each in its own copy of the collection (.work/tree-N).
# Counts come from JUnit XML (ansible-test --junit, pytest --junit-xml); a step that is one check counts by
# its exit code. The last line is "N passed, M failed".
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root" || exit 1
ALL_LAYERS=(sanity units integration simulator reliability eda lint gates)
LINT_GATES=(yamllint ruff mypy ansible-lint actionlint)
only_line=
case "${1:-}" in
  --newest) only_line=newest; shift ;;
  --line) only_line="${2:-}"; shift 2 || { echo "--line needs a line of scripts/lines.txt" >&2; exit 2; } ;;
esac
layers=("$@")
[ ${#layers[@]} -gt 0 ] || layers=("${ALL_LAYERS[@]}")
for layer in "${layers[@]}"; do
  [[ " ${ALL_LAYERS[*]} " == *" $layer "* ]] || { echo "unknown layer $layer; layers: ${ALL_LAYERS[*]}" >&2; exit 2; }
done
wants() { [[ " ${layers[*]} " == *" $1 "* ]]; }

results="$root/.work/results"
rm -rf "$results"
mkdir -p "$results"

run() {  # run NAME COMMAND... -> exit code in $status, output in $results/NAME.log
  local started=$SECONDS name="$1"
  shift
  echo "--- $name"
  "$@" > "$results/$name.log" 2>&1
  status=$?
  step_seconds=$((SECONDS - started))
}

count() {  # count NAME [JUNIT_DIR [--rescued]]: record the step's counts (from its JUnit files, else its exit code)
  local name="$1" counts
  counts="$(python3 "$root/scripts/count_results.py" "$status" "${2:-}" "${3:-}")"
  echo "$name $counts $status $step_seconds" >> "$results/counts"
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
integration_lines=("$newest_line" "${lines[-1]}")
if [ -n "$only_line" ]; then
  [ "$only_line" = newest ] && only_line="$newest_line"
  [[ " ${lines[*]} " == *" $only_line "* ]] || { echo "unknown line $only_line; lines: ${lines[*]}" >&2; exit 2; }
  lines=("$only_line")
  integration_lines=("$only_line")
fi
venvs=("${lines[@]}" "$newest_line" tools)
if wants eda || wants simulator; then venvs+=(eda); fi
bootstrap() { bash scripts/bootstrap.sh "${venvs[@]}" && install_shellcheck; }
run bootstrap bootstrap
if [ "$status" -ne 0 ]; then
  tail -n 40 "$results/bootstrap.log"
  echo "0 passed, 1 failed"
  exit 1
fi
export PATH="$root/.work/pybin:$PATH"
python_of() { awk -v l="$1" '$1 == l {print $2}' scripts/lines.txt; }

ansible_test() {  # ansible_test LAYER LINE ARGS...: one ansible-test layer on one line in the lane's tree, counted from its JUnit files
  local layer="$1" line="$2"
  shift 2
  cd "$tree" || exit 1
  rm -rf tests/output
  run "$layer-$line" "$root/.work/venv-$line/bin/ansible-test" "$layer" --venv --color no --python "$(python_of "$line")" "$@"
  if [ -d tests/output/junit ]; then mv tests/output/junit "$results/$layer-$line-junit"; fi
  cd "$root" || exit 1
  count "$layer-$line" "$results/$layer-$line-junit" "$([ "$layer" = integration ] && echo --rescued)"
}

pytest_in_tree() {  # pytest_in_tree NAME VENV PYTEST_ARGS...: a pytest suite run from the worker's tree, as installed
  local name="$1" venv="$2"  # collections run; a measured figure goes to .work/results/NAME-figures.json
  shift 2
  cd "$tree" || exit 1
  run "$name" env PATH="$venv/bin:$PATH" PYTHONPATH="$trees" RELIABILITY_FIGURES="$results/$name-figures.json" \
    "$venv/bin/python" -m pytest -q -s -p no:cacheprovider "$@" --junit-xml "$results/$name-junit/$name.xml"
  cd "$root" || exit 1
  count "$name" "$results/$name-junit"
}

gates_step() {  # the lint and release gates, in order, in a fresh copy of the worker's tree
  local gate gates=()
  if wants lint; then gates+=("${LINT_GATES[@]}"); fi
  if wants gates; then
    while read -r gate; do
      [[ " ${LINT_GATES[*]} " == *" $gate "* ]] || gates+=("$gate")
    done < <(bash scripts/gates.sh --list)
  fi
  bash scripts/collection-tree.sh "$trees" > /dev/null  # afresh: ansible-test left its output in the last one
  rm -rf "$root/.work/gates"
  for gate in "${gates[@]}"; do
    run "gate-$gate" env GATES_TREES="$trees" bash scripts/gates.sh "$gate"
    count "gate-$gate" "$([ "$gate" = ansible-runner ] && echo "$root/.work/gates/runner-junit")"
  done
}

run_step() {  # run_step STEP: one step of the queue, in the worker's tree
  local newest_venv="$root/.work/venv-$newest_line"
  case "$1" in
    sanity-*) ansible_test sanity "${1#sanity-}" --junit ;;
    units-*) ansible_test units "${1#units-}" ;;
    integration-*) ansible_test integration "${1#integration-}" --continue-on-error ;;
    simulator)
      # with ansible-rulebook's venv: the offline guide runs a rulebook, and the scene check is compared with jsonschema
      run simulator env PATH="$root/.work/venv-eda/bin:$PATH" "$root/.work/venv-eda/bin/python" -m pytest -q -p no:cacheprovider \
        tests/simulator --junit-xml "$results/simulator-junit/simulator.xml"
      count simulator "$results/simulator-junit" ;;
    # the reliability suite in three parts, so that they can run at once
    reliability-secrets) pytest_in_tree "$1" "$newest_venv" tests/reliability/test_secrets.py ;;
    reliability-faults) pytest_in_tree "$1" "$newest_venv" tests/reliability/test_faults.py ;;
    reliability) pytest_in_tree "$1" "$newest_venv" tests/reliability \
                   --ignore tests/reliability/test_secrets.py --ignore tests/reliability/test_faults.py ;;
    eda) pytest_in_tree eda "$root/.work/venv-eda" tests/eda ;;
    gates) gates_step ;;
  esac
}

# The steps, longest first (as a full run on this machine type times them), so that the workers end together:
# reliability-secrets, integration on the newest line and the rest of reliability about 550 s each, integration on
# the oldest line 410 s, reliability-faults 230 s, the gates 150 s, sanity 105 to 135 s a line, the simulator
# and eda 80 to 90 s, units 35 to 55 s a line.
steps=()
if wants reliability; then steps+=(reliability-secrets); fi
if wants integration; then steps+=("integration-${integration_lines[0]}"); fi
if wants reliability; then steps+=(reliability); fi
if wants integration; then for line in "${integration_lines[@]:1}"; do steps+=("integration-$line"); done; fi
if wants reliability; then steps+=(reliability-faults); fi
if wants lint || wants gates; then steps+=(gates); fi
if wants sanity; then for line in "${lines[@]}"; do steps+=("sanity-$line"); done; fi
if wants simulator; then steps+=(simulator); fi
if wants eda; then steps+=(eda); fi
if wants units; then for line in "${lines[@]}"; do steps+=("units-$line"); done; fi

next_step() {  # the first step of the queue, taken off it under a lock
  (
    flock 9
    head -n 1 "$results/queue"
    sed -i 1d "$results/queue"
  ) 9> "$results/queue.lock"
}

worker() {  # worker N: take steps off the queue until it is empty, in its own copy of the collection
  (
    trees="$root/.work/tree-$1"
    tree="$(bash scripts/collection-tree.sh "$trees")"
    while step="$(next_step)" && [ -n "$step" ]; do run_step "$step"; done
  ) &
}
printf '%s\n' "${steps[@]}" > "$results/queue"
: > "$results/counts"
for n in $(seq "${TEST_WORKERS:-4}"); do worker "$n"; done
wait

read -r passed failed < <(awk '{p += $2; f += $3} END {print p + 0, f + 0}' "$results/counts")
mapfile -t failed_steps < <(awk '$4 != 0 {print $1}' "$results/counts")
if [ ${#failed_steps[@]} -gt 0 ]; then echo "failed steps: ${failed_steps[*]}"; fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ ${#failed_steps[@]} -eq 0 ]
