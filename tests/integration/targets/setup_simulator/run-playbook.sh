# shellcheck shell=bash
# Sourced by a target's runme.sh after start.sh: run_playbook PLAYBOOK KEY... runs the
# playbook against the simulator and fails if any of the KEYs shows up in its output.
run_playbook() {
  local playbook="$1" output
  shift
  output="$(mktemp)"
  ansible-playbook "$playbook" -i "${INVENTORY_PATH:-localhost,}" -e "sim_url=$SIM_URL" -vvv 2>&1 | tee "$output"
  local status="${PIPESTATUS[0]}"
  for secret in "$@"; do
    if grep -qF "$secret" "$output"; then
      echo "FAILED: an API key appeared in the output of $playbook" >&2
      status=1
    fi
  done
  rm -f "$output"
  return "$status"
}
