#!/usr/bin/env bash
# The release gates Ansible users and Galaxy apply, one per call: scripts/gates.sh GATE.
# scripts/gates.sh --list prints them in the order scripts/test.sh runs them.
# They run in the collection tree (GATES_TREES, default .work/tree: see scripts/collection-tree.sh) with
# .work/venv-tools.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
GATES=(yamllint ruff mypy ansible-lint actionlint docs-lint docs-site changelog build galaxy-importer execution-environment decision-environment
       ansible-runner)
if [ "${1:-}" = --list ]; then printf '%s\n' "${GATES[@]}"; exit 0; fi

export PATH="$root/.work/venv-tools/bin:$PATH"
trees="${GATES_TREES:-$root/.work/tree}"
export GATES_TREES="$trees"  # for scripts/docs.sh
tree="$trees/ansible_collections/openclaw/hosting"
out="$root/.work/gates"
installed="$out/collections"
version="$(python -c 'import sys, yaml; print(yaml.safe_load(open(sys.argv[1]))["version"])' "$tree/galaxy.yml")"
tarball="$out/openclaw-hosting-$version.tar.gz"
export ANSIBLE_COLLECTIONS_PATH="$trees" ANSIBLE_LINT_SKIP_SCHEMA_UPDATE=1
cd "$tree"

case "${1:?usage: scripts/gates.sh GATE (or --list)}" in
  yamllint) yamllint -s . ;;
  ruff) ruff check --no-cache . ;;
  mypy) (cd "$trees" && mypy --cache-dir "$out/mypy-cache" --config-file "$tree/mypy.ini" -p ansible_collections.openclaw.hosting.plugins) ;;
  ansible-lint) ansible-lint --nocolor ;;
  actionlint) actionlint -color=false .github/workflows/*.yml ;;  # with shellcheck on every run: step
  docs-lint) antsibull-docs lint-collection-docs --plugin-docs --check-extra-docs-refs --validate-collection-refs self . ;;
  docs-site) DOCS_VENV="$root/.work/venv-tools" bash "$root/scripts/docs.sh" ;;
  changelog)
    antsibull-changelog lint
    # In a scratch copy: CHANGELOG.rst is what changelogs/changelog.yaml makes, and the next release (this version
    # if it is not released yet, else the next patch) turns every fragment into CHANGELOG.rst and CHANGELOG.md.
    scratch="$(mktemp -d)"
    trap 'rm -rf "$scratch"' EXIT
    mkdir -p "$scratch/ansible_collections/openclaw"
    cp -r "$tree" "$scratch/ansible_collections/openclaw/hosting"
    cd "$scratch/ansible_collections/openclaw/hosting"
    rm -rf tests/output
    export ANSIBLE_COLLECTIONS_PATH="$scratch"
    if [ -f CHANGELOG.rst ]; then
      cp CHANGELOG.rst "$scratch/CHANGELOG.rst.committed"
      antsibull-changelog generate
      cmp CHANGELOG.rst "$scratch/CHANGELOG.rst.committed" || { echo 'CHANGELOG.rst is not what changelog.yaml makes'; exit 1; }
    fi
    next="$(python - "$version" <<'PY'
import sys, yaml
version = sys.argv[1]
released = yaml.safe_load(open('changelogs/changelog.yaml')).get('releases') or {}
major, minor, patch = version.split('.')
print('%s.%s.%d' % (major, minor, int(patch) + 1) if version in released else version)
PY
)"
    antsibull-changelog release --version "$next" --date 2026-11-29
    grep -q "v$next" CHANGELOG.rst && grep -q "v$next" CHANGELOG.md && [ -z "$(ls changelogs/fragments)" ]
    if [ "$next" = 1.0.0 ]; then grep -q 'openclaw.hosting.clawhosters_billing_info' CHANGELOG.rst; fi
    ;;
  build)
    rm -rf "$out/build" "$installed" && mkdir -p "$out/build"
    ansible-galaxy collection build --force --output-path "$out/build" .
    mv "$out/build/openclaw-hosting-$version.tar.gz" "$tarball"
    unwanted="$(tar -tzf "$tarball" | grep -E '(^|/)(__pycache__|\.pytest_cache|\.mypy_cache|\.ruff_cache|\.work|\.ci|scripts|demo|output)(/|$)|\.pyc$|\.tar\.gz$' || true)"
    if [ -n "$unwanted" ]; then echo "the tarball holds development files or caches:"; echo "$unwanted"; exit 1; fi
    # every relative link and image of the README (what Galaxy shows) leads to a file of the tarball
    python - "$tarball" <<'PY'
import re, sys, tarfile
with tarfile.open(sys.argv[1]) as tar:
    names = set(tar.getnames())
    readme = tar.extractfile('README.md').read().decode()
targets = re.findall(r'\]\(([^)#\s]+)', readme)
broken = [target for target in targets if '://' not in target and target not in names]
print('README links into the tarball:', len(targets) - len(broken), 'found, broken:', broken or 'none')
sys.exit(1 if broken else 0)
PY
    ansible-galaxy collection install --force -p "$installed" "$tarball"
    # ansible-doc renders every module, plugin and role of the installed collection
    export ANSIBLE_COLLECTIONS_PATH="$installed"
    for kind in module inventory role; do
      names="$(ansible-doc -t "$kind" -l openclaw.hosting --json | python -c 'import json, sys; print(" ".join(sorted(json.load(sys.stdin))))')"
      [ -n "$names" ] || { echo "ansible-doc lists no $kind of openclaw.hosting"; exit 1; }
      for name in $names; do ansible-doc -t "$kind" "$name" > /dev/null; echo "ansible-doc -t $kind $name: ok"; done
      # shellcheck disable=SC2086  # the names are words
      ansible-doc -t "$kind" --json $names > "$out/docs-$kind.json"
    done
    # the release agrees with itself: galaxy.yml's version is the highest version_added of the installed docs, and
    # the changelog's last release or the one its fragments prepare
    python - "$version" "$out"/docs-*.json <<'PY'
import json, sys, yaml
version, found = sys.argv[1], set()
def walk(node):
    if isinstance(node, dict):
        if isinstance(node.get('version_added'), str) and node.get('version_added_collection', 'openclaw.hosting') == 'openclaw.hosting':
            found.add(node['version_added'])
        for value in node.values():
            walk(value)
    elif isinstance(node, list):
        for value in node:
            walk(value)
for path in sys.argv[2:]:
    walk(json.load(open(path)))
highest = max(found, key=lambda value: tuple(int(part) for part in value.split('.')))
released = list(yaml.safe_load(open('changelogs/changelog.yaml'))['releases'])
print('version %s; highest version_added %s; last release in the changelog %s' % (version, highest, released[-1]))
sys.exit(0 if highest == version and (released[-1] == version or version not in released) else 1)
PY
    ;;
  galaxy-importer)
    config="$out/galaxy-importer.cfg"
    printf '[galaxy-importer]\nrun_ansible_test = False\nrun_ansible_lint = True\nansible_local_tmp = %s\n' "$out/importer-tmp" > "$config"
    log="$out/galaxy-importer.log"
    GALAXY_IMPORTER_CONFIG="$config" python -m galaxy_importer.main "$tarball" 2>&1 | tee "$log"
    if grep -E 'WARNING|ERROR' "$log"; then echo "galaxy-importer reported the lines above"; exit 1; fi
    ;;
  execution-environment | decision-environment)
    # built as a user builds it: the tarball of the build gate where `ansible-galaxy collection build` writes it
    rm -rf "${out:?}/$1"
    cp "$tarball" "$tree/"
    trap 'rm -f "$tree/$(basename "$tarball")"' EXIT
    ansible-builder create -f "docs/$1/$1.yml" -c "$out/$1" --output-filename Containerfile
    [ -f "$out/$1/_build/collections/$(basename "$tarball")" ] || { echo "the build context lacks the collection's tarball"; exit 1; }
    grep -q 'ansible-galaxy collection install' "$out/$1/Containerfile" || { echo 'the Containerfile installs no collection'; exit 1; }
    grep -qx "  - name: collections/$(basename "$tarball")" "$out/$1/_build/requirements.yml" \
      || { echo "requirements.yml does not name the tarball of this version"; exit 1; }
    if [ "$1" = execution-environment ]; then
      # what ansible-builder will install for the collection, read from its meta/execution-environment.yml
      ansible-builder introspect --sanitize "$installed" | tee "$out/introspect.txt"
      grep -q 'requests.*from collection openclaw.hosting' "$out/introspect.txt"
    else
      grep -qx 'ansible-rulebook==[0-9.]*' "$out/$1/_build/requirements.txt" || { echo 'the decision environment has no ansible-rulebook'; exit 1; }
      grep -q '^java-17-openjdk' "$out/$1/_build/bindep.txt" || { echo 'the decision environment has no Java 17 for ansible-rulebook'; exit 1; }
    fi
    ;;
  ansible-runner)
    export ANSIBLE_COLLECTIONS_PATH="$installed"
    PYTHONPATH="$trees" python -m pytest -q -p no:cacheprovider tests/runner --junit-xml "$out/runner-junit/runner.xml"
    ;;
  *) echo "unknown gate $1; scripts/gates.sh --list shows them" >&2; exit 2 ;;
esac
