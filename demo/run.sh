#!/usr/bin/env bash
# Run demo/demo.yml against the bundled simulator: bootstrap the tools, install the
# collection from a freshly built tarball, start the simulator, run, stop it.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
line="$(awk '!/^#/ && NF {print $1; exit}' scripts/lines.txt)"
venv="$root/.work/venv-$line"
echo "Setting up the tools in .work/ (the first time takes a minute)..."
bash scripts/bootstrap.sh "$line" > "$root/.work/bootstrap-demo.log" 2>&1 || { tail -n 30 "$root/.work/bootstrap-demo.log"; exit 1; }

tree="$(bash scripts/collection-tree.sh)"
export ANSIBLE_COLLECTIONS_PATH="$root/.work/demo/collections"
rm -rf "$root/.work/demo"
mkdir -p "$root/.work/demo/collections"
"$venv/bin/ansible-galaxy" collection build "$tree" --output-path "$root/.work/demo" --force > /dev/null
"$venv/bin/ansible-galaxy" collection install "$root"/.work/demo/openclaw-hosting-*.tar.gz \
  -p "$root/.work/demo/collections" --force > /dev/null

port_file="$root/.work/demo/simulator.port"
PYTHONPATH="$root/tests" "$venv/bin/python" -m simulator --scene demo/scene.json --port-file "$port_file" > /dev/null &
sim_pid=$!
trap 'kill "$sim_pid" 2>/dev/null' EXIT
for _ in $(seq 100); do [ -s "$port_file" ] && break; sleep 0.1; done
sim_url="http://127.0.0.1:$(cat "$port_file")"
echo "Simulator listening on $sim_url"

export CLAWHOSTERS_API_URL="$sim_url/api/v1"
export CLAWHOSTERS_API_KEY=oc_live_demo_key_not_a_secret
export ANSIBLE_PYTHON_INTERPRETER="$venv/bin/python"
export ANSIBLE_STDOUT_CALLBACK=default ANSIBLE_CALLBACK_RESULT_FORMAT=yaml ANSIBLE_LOCALHOST_WARNING=false
"$venv/bin/ansible-playbook" -i localhost, -c local demo/demo.yml "$@"
"$venv/bin/python" - "$sim_url" <<'PY'
import json, sys, urllib.request
served = json.load(urllib.request.urlopen(sys.argv[1] + '/_sim/requests'))['requests']
actions = [r for r in served if r['method'] != 'GET']
print('The simulator served %d API requests, %d of them actions.' % (len(served), len(actions)))
PY
