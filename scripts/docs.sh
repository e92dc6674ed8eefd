#!/usr/bin/env bash
# Build the HTML docs site of every module, plugin and role, with the guides, into .work/docs/build/html.
# Sphinx warnings are errors (references into docs.ansible.com, unreachable here, excepted). Uses DOCS_VENV (default
# .work/venv-docs: scripts/bootstrap.sh docs; the release gates use .work/venv-tools, which holds the same) and the
# collection tree (GATES_TREES, default .work/tree).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PATH="${DOCS_VENV:-$root/.work/venv-docs}/bin:$PATH"
export ANSIBLE_COLLECTIONS_PATH="${GATES_TREES:-$root/.work/tree}"
[ -d "$ANSIBLE_COLLECTIONS_PATH/ansible_collections/openclaw/hosting" ] || bash "$root/scripts/collection-tree.sh" "$ANSIBLE_COLLECTIONS_PATH" > /dev/null
site="$root/.work/docs"
rm -rf "$site"
mkdir -p "$site"
antsibull-docs sphinx-init --use-current --fail-on-error --squash-hierarchy --dest-dir "$site" \
  --project openclaw.hosting --title openclaw.hosting --html-short-title openclaw.hosting \
  --copyright '2026, openclaw.hosting contributors' openclaw.hosting
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
# build.sh's two steps, with one fix between them: the collection's index is titled with its name as spelled
# (antsibull-docs capitalises it: "Openclaw.Hosting").
cd "$site"
mkdir -p rst
chmod og-w rst
antsibull-docs --config-file antsibull-docs.cfg collection --cleanup everything --fail-on-error --use-current \
  --squash-hierarchy --dest-dir rst openclaw.hosting
sed -i 's/^Openclaw\.Hosting$/openclaw.hosting/' rst/index.rst
sphinx-build -M html rst build -c . -W --keep-going
echo "The docs site is in $site/build/html/index.html"
