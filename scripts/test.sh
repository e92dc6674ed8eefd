#!/usr/bin/env bash
# The test suite, by layer, from a fresh clone: bootstrap, then
#   sanity, units, integration   ansible-test, on every ansible-core line of scripts/lines.txt
#   simulator                     the simulator's own tests
#   reliability                   faults, bad input, TLS, Hypothesis, fleets under the rate limit, secrets
#   eda                           the event sources (asyncio queue) and the rulebooks (a real ansible-rulebook)
#   lint                          yamllint, ruff (with the complexity checks), mypy, ansible-lint, actionlint
#   gates                         docs, changelog, build, galaxy-importer, execution environment, ansible-runner
# Usage: scripts/test.sh [--newest | --line LINE] [LAYER...]   (no LAYER: all of them, as CI runs it).
# Sanity and units run on every line of scripts/lines.txt, integration on the newest and the oldest;
# --line LINE runs the ansible-test layers on that line only (--newest: the newest line), as one job of
# the GitHub workflow does. The other layers run on the newest line. The steps run in three lanes at once, each in its own copy
# of the collection (most steps wait on the simulator's clock, not on the CPU):
#   1. sanity and units, line by line, then lint and the gates
#   2. integration, simulator, eda
#   3. reliability
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
if wants eda; then venvs+=(eda); fi
bootstrap() { bash scripts/bootstrap.sh "${venvs[@]}" && install_shellcheck; }
run bootstrap bootstrap
if [ "$status" -ne 0 ]; then
  tail -n 40 "$results/bootstrap.log"
  echo "0 passed, 1 failed"
  exit 1
fi
export PATH="$root/.work/pybin:$PATH"
python_of() { awk -v l="$1" '$1 == l {print $2}' scripts/lines.txt; }
newest_python="$root/.work/venv-$newest_line/bin/python"

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

pytest_in_tree() {  # pytest_in_tree NAME VENV TESTS ENV...: a pytest suite run from the lane's tree, as installed collections run
  local name="$1" venv="$2" tests="$3"
  shift 3
  cd "$tree" || exit 1
  run "$name" env PATH="$venv/bin:$PATH" PYTHONPATH="$trees" "$@" \
    "$venv/bin/python" -m pytest -q -s -p no:cacheprovider "$tests" --junit-xml "$results/$name-junit/$name.xml"
  cd "$root" || exit 1
  count "$name" "$results/$name-junit"
}

lane_checks() {
  local line gate gates=()
  for line in "${lines[@]}"; do
    if wants sanity; then ansible_test sanity "$line" --junit; fi
  done
  for line in "${lines[@]}"; do
    if wants units; then ansible_test units "$line"; fi
  done
  if wants lint; then gates+=("${LINT_GATES[@]}"); fi
  if wants gates; then
    while read -r gate; do
      [[ " ${LINT_GATES[*]} " == *" $gate "* ]] || gates+=("$gate")
    done < <(bash scripts/gates.sh --list)
  fi
  [ ${#gates[@]} -gt 0 ] || return 0
  bash scripts/collection-tree.sh > /dev/null  # afresh: ansible-test left its output in the last one
  rm -rf "$root/.work/gates"
  for gate in "${gates[@]}"; do
    run "gate-$gate" bash scripts/gates.sh "$gate"
    count "gate-$gate" "$([ "$gate" = ansible-runner ] && echo "$root/.work/gates/runner-junit")"
  done
}

lane_scenes() {
  local line
  for line in "${integration_lines[@]}"; do
    if wants integration; then ansible_test integration "$line" --continue-on-error; fi
  done
  if wants simulator; then
    run simulator "$newest_python" -m pytest -q -p no:cacheprovider tests/simulator --junit-xml "$results/simulator-junit/simulator.xml"
    count simulator "$results/simulator-junit"
  fi
  if wants eda; then pytest_in_tree eda "$root/.work/venv-eda" tests/eda; fi
}

lane_reliability() {  # its measured figures go to .work/results/reliability-figures.json
  if wants reliability; then
    pytest_in_tree reliability "$root/.work/venv-$newest_line" tests/reliability RELIABILITY_FIGURES="$results/reliability-figures.json"
  fi
}

in_lane() {  # in_lane NAME FUNCTION: the function in the background, in its own copy of the collection
  (
    trees="$root/.work/$1"
    tree="$(bash scripts/collection-tree.sh "$trees")"
    "$2"
  ) &
}
: > "$results/counts"
in_lane tree lane_checks
in_lane tree-scenes lane_scenes
in_lane tree-reliability lane_reliability
wait

read -r passed failed < <(awk '{p += $2; f += $3} END {print p + 0, f + 0}' "$results/counts")
mapfile -t failed_steps < <(awk '$4 != 0 {print $1}' "$results/counts")
if [ ${#failed_steps[@]} -gt 0 ]; then echo "failed steps: ${failed_steps[*]}"; fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ ${#failed_steps[@]} -eq 0 ]
