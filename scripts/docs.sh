#!/usr/bin/env bash
# Build the HTML docs site of every module, plugin and role, with the guides, into .work/docs/build/html.
# Sphinx warnings are errors (references into docs.ansible.com, unreachable here, excepted). Uses .work/venv-tools
# (scripts/bootstrap.sh tools) and the collection tree (GATES_TREES, default .work/tree).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PATH="$root/.work/venv-tools/bin:$PATH"
export ANSIBLE_COLLECTIONS_PATH="${GATES_TREES:-$root/.work/tree}"
[ -d "$ANSIBLE_COLLECTIONS_PATH/ansible_collections/openclaw/hosting" ] || bash "$root/scripts/collection-tree.sh" "$ANSIBLE_COLLECTIONS_PATH" > /dev/null
site="$root/.work/docs"
rm -rf "$site"
mkdir -p "$site"
antsibull-docs sphinx-init --use-current --fail-on-error --squash-hierarchy --dest-dir "$site" \
  --project openclaw.hosting --title openclaw.hosting openclaw.hosting
# Offline, Sphinx cannot fetch the inventories of docs.ansible.com. A reference into them (a label outside
# this collection, an ANSIBLE_* environment variable) is shown as plain text; every other reference that does
# not resolve (a label of this collection, a module, an option) stays a warning, and warnings are errors.
cat >> "$site/conf.py" <<'PY'

intersphinx_mapping = {}
OWN_LABELS = 'ansible_collections.openclaw.hosting.'


def _into_the_ansible_docs(app, env, node, contnode):
    """Resolve, as plain text, a reference that only the Ansible docs site could resolve."""
    target = node.get('reftarget', '')
    if node.get('reftype') == 'envvar' and target.startswith('ANSIBLE_'):
        return contnode
    if node.get('reftype') == 'ref' and not target.lower().startswith(OWN_LABELS):
        return contnode
    return None


def setup(app):
    app.connect('missing-reference', _into_the_ansible_docs)
PY
"$site/build.sh"
echo "The docs site is in $site/build/html/index.html"
