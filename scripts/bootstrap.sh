#!/usr/bin/env bash
# Set up everything the demo and the tests need, under .work/ (idempotent, offline
# but for the package registry):
#   .work/venv-<line>/   one virtualenv per tested ansible-core line
#   .work/venv-tools/    the release gates' tools (tests/requirements-tools.txt), on Python 3.12
#   .work/venv-docs/     only what the docs site needs (tests/requirements-docs.txt), for `make docs`
#   .work/venv-eda/      ansible-rulebook (tests/requirements-eda.txt) with the newest ansible-core, on Python 3.12,
#                        and a Java 17 runtime (apt-get, when missing)
#   .work/pybin/         python3.X links so ansible-test finds every Python here
#   ~/.ansible/test/cache/get_pip_*.py   ansible-test's pip bootstrap, which it
#                        would otherwise download from a host we cannot reach
# Usage: scripts/bootstrap.sh [line ... | tools | eda | docs]   (default: every line in scripts/lines.txt, tools and eda)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="$root/.work"
mkdir -p "$work/pybin"

# Find a CPython X.Y: pyenv's versions first (the bare pythonX.Y are often broken shims), then PATH.
find_python() {
  local version="$1" candidate
  local pyenv_root="${PYENV_ROOT:-$HOME/.pyenv}"
  for candidate in "$pyenv_root"/versions/"$version".*/bin/python"$version"; do
    if [ -x "$candidate" ] && "$candidate" -c pass 2>/dev/null; then echo "$candidate"; return 0; fi
  done
  candidate="$(command -v "python$version" || true)"
  if [ -n "$candidate" ] && "$candidate" -c pass 2>/dev/null; then echo "$candidate"; return 0; fi
  return 1
}

for version in 3.8 3.9 3.10 3.11 3.12 3.13 3.14; do
  if python="$(find_python "$version")"; then ln -sfn "$python" "$work/pybin/python$version"; fi
done

seed_get_pip() {
  local cache="$HOME/.ansible/test/cache"
  mkdir -p "$cache"
  for pin in "$@"; do
    [ -f "$cache/get_pip_${pin}.py" ] && continue
    cat > "$cache/get_pip_${pin}.py" <<'PY'
"""Offline stand-in for get-pip.py: ensurepip, then the pip that was asked for, from the registry."""
import subprocess
import sys

args = [arg for arg in sys.argv[1:] if arg not in ('--no-setuptools', '--no-wheel')]
subprocess.check_call([sys.executable, '-m', 'ensurepip', '--upgrade'])
subprocess.check_call([sys.executable, '-m', 'pip', 'install', '--upgrade', '--force-reinstall'] + args)
PY
  done
}

fresh_venv() {  # fresh_venv VENV PYTHON_VERSION PIP_ARGS...: a new virtualenv on that Python, with these packages
  local venv="$1" python
  python="$(find_python "$2")" || { echo "bootstrap: Python $2 not found" >&2; exit 1; }
  rm -rf "$venv"
  "$python" -m venv "$venv"
  "$venv/bin/python" -m pip install -q --disable-pip-version-check --upgrade pip
  "$venv/bin/python" -m pip install -q --disable-pip-version-check "${@:3}"
}

up_to_date() {  # up_to_date VENV STAMP: whether the virtualenv was made for this stamp (versions and requirements)
  [ -f "$1/.stamp" ] && [ "$(cat "$1/.stamp")" = "$2" ]
}

make_venv() {
  local python_version="$2" core="$3" venv="$work/venv-$1" stamp
  stamp="$core $(cat "$root/tests/requirements-dev.txt")"
  if up_to_date "$venv" "$stamp"; then return 0; fi
  fresh_venv "$venv" "$python_version" "ansible-core==$core" -r "$root/tests/requirements-dev.txt"
  # the get-pip pin of this ansible-test release, e.g. pip='25.2' -> 25_2
  seed_get_pip "$("$venv/bin/python" - <<'PY'
import pathlib, re, ansible_test
text = (pathlib.Path(ansible_test.__file__).parent / '_internal' / 'python_requirements.py').read_text()
print(re.search(r"pip='([0-9.]+)'", text).group(1).replace('.', '_'))
PY
)"
  echo "$stamp" > "$venv/.stamp"
}

make_requirements_venv() {  # make_requirements_venv NAME: .work/venv-NAME from tests/requirements-NAME.txt, on Python 3.12
  local venv="$work/venv-$1" stamp
  stamp="$(cat "$root/tests/requirements-$1.txt" "$root/tests/requirements-docs.txt")"  # tools includes docs
  if up_to_date "$venv" "$stamp"; then return 0; fi
  fresh_venv "$venv" 3.12 -r "$root/tests/requirements-$1.txt"
  echo "$stamp" > "$venv/.stamp"
}

make_eda_venv() {  # ansible-rulebook, its Java runtime, and the newest ansible-core line, for the event sources' tests
  local venv="$work/venv-eda" stamp core
  core="$(awk '!/^#/ && NF {print $3; exit}' "$root/scripts/lines.txt")"
  if ! java -version 2>&1 | grep -q 'version "\(1[7-9]\|2[0-9]\)'; then
    if command -v apt-get > /dev/null && [ "$(id -u)" = 0 ]; then
      apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openjdk-17-jre-headless
    else
      echo "bootstrap: ansible-rulebook needs Java 17 or later; install openjdk-17-jre-headless" >&2; exit 1
    fi
  fi
  stamp="$core $(cat "$root/tests/requirements-eda.txt")"
  if up_to_date "$venv" "$stamp"; then return 0; fi
  fresh_venv "$venv" 3.12 "ansible-core==$core" -r "$root/tests/requirements-eda.txt"
  echo "$stamp" > "$venv/.stamp"
}

build() {  # build LINE | tools | eda
  case "$1" in
    tools | docs) make_requirements_venv "$1" ;;
    eda) make_eda_venv ;;
    *)
      read -r _ python_version core < <(awk -v l="$1" '$1 == l' "$root/scripts/lines.txt") || true
      [ -n "${core:-}" ] || { echo "bootstrap: no line $1 in scripts/lines.txt" >&2; exit 1; }
      make_venv "$1" "$python_version" "$core" ;;
  esac
}

items=("$@")
if [ ${#items[@]} -eq 0 ]; then mapfile -t items < <(awk '!/^#/ && NF {print $1}' "$root/scripts/lines.txt"; echo tools; echo eda); fi
mapfile -t items < <(printf '%s\n' "${items[@]}" | awk '!seen[$0]++')  # each once: two builds of one virtualenv at once would break it
# two at a time (pip spends most of its time on one CPU), each noting its exit code
status="$(mktemp -d)"
trap 'rm -rf "$status"' EXIT
for item in "${items[@]}"; do
  while [ "$(jobs -rp | wc -l)" -ge 2 ]; do wait -n || true; done
  ( build "$item"; echo $? > "$status/$item" ) &
done
wait
failed=0
for item in "${items[@]}"; do
  [ "$(cat "$status/$item" 2> /dev/null)" = 0 ] || { echo "bootstrap: $item failed" >&2; failed=1; }
done
exit "$failed"
