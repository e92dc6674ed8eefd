# shellcheck shell=bash
# Sourced by a target's runme.sh after start.sh: run_playbook PLAYBOOK KEY... runs the
# playbook against the simulator at -vvvv and fails if any of the KEYs shows up in its output.
# Under ANSIBLE_DEBUG=1 (the reliability suite runs every target so) ansible-core prints every
# module argument whatever no_log says, so the keys tasks pass as arguments do show; the ones
# that must stay hidden, and are searched for, are those given through CLAWHOSTERS_API_KEY and
# CHOWDER_API_KEY.
ANSIBLE_FILTER_PLUGINS="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/filter_plugins"
export ANSIBLE_FILTER_PLUGINS
run_playbook() {
  local playbook="$1" output secret
  shift
  local secrets=("$@")
  if [ "${ANSIBLE_DEBUG:-0}" = 1 ]; then
    secrets=()
    for secret in "${CLAWHOSTERS_API_KEY:-}" "${CHOWDER_API_KEY:-}"; do [ -n "$secret" ] && secrets+=("$secret"); done
  fi
  output="$(mktemp)"
  ansible-playbook "$playbook" -i "${INVENTORY_PATH:-localhost,}" -e "sim_url=$SIM_URL" -vvvv 2>&1 | tee "$output"
  local status="${PIPESTATUS[0]}"
  for secret in "${secrets[@]}"; do
    if grep -qF "$secret" "$output"; then
      echo "FAILED: an API key appeared in the output of $playbook" >&2
      status=1
    fi
  done
  rm -f "$output"
  return "$status"
}
