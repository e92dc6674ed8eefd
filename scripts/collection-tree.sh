#!/usr/bin/env bash
# Copy the collection's files (tracked, and untracked ones git does not ignore) into
# ROOT/ansible_collections/openclaw/hosting, the layout ansible-test and Ansible need.
# Usage: scripts/collection-tree.sh [ROOT]   (default .work/tree). Prints the path of the copy.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tree="${1:-$root/.work/tree}/ansible_collections/openclaw/hosting"
rm -rf "$tree"
mkdir -p "$tree"
cd "$root"
git ls-files -z --cached --others --exclude-standard | while IFS= read -r -d '' f; do
  [ -e "$f" ] && printf '%s\0' "$f"
done | tar --null -T - -cf - | tar -xf - -C "$tree"
# ansible-test asks git which files belong to the collection
git -C "$tree" init -q
git -C "$tree" add -A
echo "$tree"
