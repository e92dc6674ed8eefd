#!/usr/bin/env bash
# Build the HTML docs site of every module, plugin and role, with the guides, into .work/docs/build/html.
# Sphinx warnings are errors. Uses .work/venv-tools (scripts/bootstrap.sh tools) and the collection tree.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PATH="$root/.work/venv-tools/bin:$PATH"
export ANSIBLE_COLLECTIONS_PATH="$root/.work/tree"
[ -d "$ANSIBLE_COLLECTIONS_PATH/ansible_collections/openclaw/hosting" ] || bash "$root/scripts/collection-tree.sh" > /dev/null
site="$root/.work/docs"
rm -rf "$site"
mkdir -p "$site"
antsibull-docs sphinx-init --use-current --fail-on-error --squash-hierarchy --dest-dir "$site" \
  --project openclaw.hosting --title openclaw.hosting openclaw.hosting
# Offline, Sphinx cannot fetch the inventories of docs.ansible.com: references into them stay plain text.
cat >> "$site/conf.py" <<'PY'

intersphinx_mapping = {}
suppress_warnings = ['ref.ref', 'ref.envvar']
PY
"$site/build.sh"
echo "The docs site is in $site/build/html/index.html"
