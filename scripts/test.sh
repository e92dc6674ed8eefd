#!/usr/bin/env bash
# The whole test suite, as CI runs it, from a fresh clone: bootstrap, then for every
# ansible-core line in scripts/lines.txt ansible-test sanity, units and integration,
# then the simulator's own tests, the reliability suite, then the release gates (scripts/gates.sh: linters,
# docs, changelog, build, galaxy-importer, execution environment, ansible-runner).
# The last line is "N passed, M failed".
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root" || exit 1
results="$root/.work/results"
rm -rf "$results"
mkdir -p "$results"
passed=0
failed=0
failed_steps=()

count() {  # count KIND NAME EXIT_CODE [JUNIT_DIR]
  local counts
  counts="$(python3 "$root/scripts/count_results.py" "$1" "$results/$2.log" "$3" "${4:-}")"
  passed=$((passed + ${counts% *}))
  failed=$((failed + ${counts#* }))
  if [ "$3" -ne 0 ]; then failed_steps+=("$2"); fi
  printf '%-28s %s (passed failed: %s) in %ss\n' "$2" "$([ "$3" -eq 0 ] && echo ok || echo FAILED)" "$counts" "$SECONDS_STEP"
  if [ "$3" -ne 0 ]; then tail -n 60 "$results/$2.log"; fi
}

run() {  # run NAME COMMAND... -> exit code in $status, output in $results/NAME.log
  local started=$SECONDS
  echo "--- $1"
  local name="$1"
  shift
  "$@" > "$results/$name.log" 2>&1
  status=$?
  SECONDS_STEP=$((SECONDS - started))
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

bootstrap() { bash scripts/bootstrap.sh && install_shellcheck; }

run bootstrap bootstrap
if [ "$status" -ne 0 ]; then
  tail -n 40 "$results/bootstrap.log"
  echo "0 passed, 1 failed"
  exit 1
fi
tree="$(bash scripts/collection-tree.sh)"
export PATH="$root/.work/pybin:$PATH"

while read -r line python _; do
  venv="$root/.work/venv-$line"
  cd "$tree" || exit 1
  rm -rf tests/output
  run "sanity-$line" "$venv/bin/ansible-test" sanity --venv --color no
  count sanity "sanity-$line" "$status"
  run "units-$line" "$venv/bin/ansible-test" units --venv --python "$python" --color no
  count junit "units-$line" "$status" "$tree/tests/output/junit"
  run "integration-$line" "$venv/bin/ansible-test" integration --venv --python "$python" --color no --continue-on-error
  count integration "integration-$line" "$status"
  cd "$root" || exit 1
done < <(awk '!/^#/ && NF' scripts/lines.txt)

first_line="$(awk '!/^#/ && NF {print $1; exit}' scripts/lines.txt)"
rm -rf "$results/simulator-junit"
run simulator "$root/.work/venv-$first_line/bin/python" -m pytest -q -p no:cacheprovider tests/simulator \
  --junit-xml "$results/simulator-junit/simulator.xml"
count junit simulator "$status" "$results/simulator-junit"

# The reliability suite (tests/reliability): faults on every request, bad input, TLS, Hypothesis,
# a fleet under the rate limit, concurrent playbooks, and the integration suite under ANSIBLE_DEBUG=1.
# Its measured figures go to .work/results/reliability-figures.json.
rm -rf "$results/reliability-junit"
cd "$tree" || exit 1
run reliability env PATH="$root/.work/venv-$first_line/bin:$PATH" PYTHONPATH="$root/.work/tree" \
  RELIABILITY_FIGURES="$results/reliability-figures.json" \
  "$root/.work/venv-$first_line/bin/python" -m pytest -q -s -p no:cacheprovider tests/reliability \
  --junit-xml "$results/reliability-junit/reliability.xml"
count junit reliability "$status" "$results/reliability-junit"
cd "$root" || exit 1

bash scripts/collection-tree.sh > /dev/null  # afresh: ansible-test left its output in the last one
rm -rf "$root/.work/gates"
while read -r gate; do
  run "gate-$gate" bash scripts/gates.sh "$gate"
  if [ "$gate" = ansible-runner ]; then
    count junit "gate-$gate" "$status" "$root/.work/gates/runner-junit"
  else
    count step "gate-$gate" "$status"
  fi
done < <(bash scripts/gates.sh --list)

if [ ${#failed_steps[@]} -gt 0 ]; then echo "failed steps: ${failed_steps[*]}"; fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ ${#failed_steps[@]} -eq 0 ]
