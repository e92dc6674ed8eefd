#!/usr/bin/env bash
# Release VERSION: write it wherever the collection states its version (galaxy.yml, the User-Agent's
# plugins/module_utils/_version.py, the tarball the sample execution and decision environments install),
# then turn the changelog fragments into CHANGELOG.rst, CHANGELOG.md and changelogs/changelog.yaml.
# Usage: scripts/release.sh VERSION   (then review, commit, tag and build: ansible-galaxy collection build)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
version="${1:?usage: scripts/release.sh VERSION}"
[[ "$version" =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]] || { echo "a version is MAJOR.MINOR.PATCH, not $version" >&2; exit 2; }
cd "$root"
bash scripts/bootstrap.sh tools > /dev/null
sed -i "s/^version: .*/version: $version/" galaxy.yml
sed -i "s/^COLLECTION_VERSION = .*/COLLECTION_VERSION = '$version'/" plugins/module_utils/_version.py
sed -i "s/openclaw-hosting-[0-9.]*[0-9]\.tar\.gz/openclaw-hosting-$version.tar.gz/g" \
  docs/execution-environment/*.yml docs/decision-environment/*.yml README.md
# antsibull-changelog lists the new modules and plugins with ansible-doc, which finds the collection in its tree copy
bash scripts/collection-tree.sh > /dev/null
PATH="$root/.work/venv-tools/bin:$PATH" ANSIBLE_COLLECTIONS_PATH="$root/.work/tree" antsibull-changelog release --version "$version"
git status --short
