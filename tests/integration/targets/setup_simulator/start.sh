# shellcheck shell=bash
# Sourced by a target's runme.sh (and the demo): starts the bundled simulator on a
# free loopback port, exports SIM_URL, and stops it when the script exits.
# SIM_PYTHON picks the interpreter; SIM_SCENE a JSON scene to load at start.
sim_root="$PWD"
while [ ! -f "$sim_root/galaxy.yml" ] && [ "$sim_root" != / ]; do sim_root="$(dirname "$sim_root")"; done
sim_port_file="$(mktemp -u)"
PYTHONPATH="$sim_root/tests" "${SIM_PYTHON:-${ANSIBLE_TEST_PYTHON_INTERPRETER:-python3}}" -m simulator \
  --port 0 --port-file "$sim_port_file" --exit-with-parent ${SIM_SCENE:+--scene "$SIM_SCENE"} >/dev/null &
sim_pid=$!
trap 'kill "$sim_pid" 2>/dev/null; rm -f "$sim_port_file"' EXIT
for _ in $(seq 100); do [ -s "$sim_port_file" ] && break; sleep 0.1; done
SIM_URL="http://127.0.0.1:$(cat "$sim_port_file")"
export SIM_URL
