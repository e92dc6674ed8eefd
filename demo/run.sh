#!/usr/bin/env bash
# Run demo/demo.yml against the bundled simulator: bootstrap the tools, install the
# collection from a freshly built tarball, start the simulator, run, stop it.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
line="$(awk '!/^#/ && NF {print $1; exit}' scripts/lines.txt)"
venv="$root/.work/venv-$line"
echo "Setting up the tools in .work/ (the first time takes a few minutes)..."
mkdir -p "$root/.work"
bash scripts/bootstrap.sh "$line" > "$root/.work/bootstrap-demo.log" 2>&1 || { tail -n 30 "$root/.work/bootstrap-demo.log"; exit 1; }

tree="$(bash scripts/collection-tree.sh)"
export ANSIBLE_COLLECTIONS_PATH="$root/.work/demo/collections"
rm -rf "$root/.work/demo"
mkdir -p "$root/.work/demo/collections"
"$venv/bin/ansible-galaxy" collection build "$tree" --output-path "$root/.work/demo" --force > /dev/null
"$venv/bin/ansible-galaxy" collection install "$root"/.work/demo/openclaw-hosting-*.tar.gz \
  -p "$root/.work/demo/collections" --force > /dev/null

SIM_PYTHON="$venv/bin/python" SIM_SCENE="$root/demo/scene.json"
# shellcheck source=tests/integration/targets/setup_simulator/start.sh
source tests/integration/targets/setup_simulator/start.sh
echo "Simulator listening on $SIM_URL"

export CLAWHOSTERS_API_URL="$SIM_URL/api/v1"
export CLAWHOSTERS_API_KEY=oc_live_demo_key_not_a_secret
export CHOWDER_API_URL="$SIM_URL/v1"
export CHOWDER_API_KEY=chd_org_demo_key_not_a_secret
export ANSIBLE_PYTHON_INTERPRETER="$venv/bin/python"
export ANSIBLE_STDOUT_CALLBACK=default ANSIBLE_CALLBACK_RESULT_FORMAT=yaml ANSIBLE_LOCALHOST_WARNING=false
"$venv/bin/ansible-playbook" -i localhost, -c local demo/demo.yml "$@"
"$venv/bin/python" - "$SIM_URL" <<'PY'
import json, sys, urllib.request
served = json.load(urllib.request.urlopen(sys.argv[1] + '/_sim/requests'))['requests']
actions = [r for r in served if r['method'] != 'GET']
print('The simulator served %d API requests, %d of them actions.' % (len(served), len(actions)))
PY
