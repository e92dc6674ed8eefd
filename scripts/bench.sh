#!/usr/bin/env bash
# The benchmark (not a test): the collection against hand-written ansible.builtin.uri playbooks and the lower
# bound, on the bundled simulator under the ClawHosters rate limit. About 30 minutes with the default fleet sizes.
# Writes .work/results/benchmarks.json, then the chart docs/benchmarks/benchmarks.png and the tables of
# docs/docsite/rst/guide_benchmarks.rst and README.md.
# Usage: scripts/bench.sh [--sizes 10,50,200] [--inventory-size 200]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
bash scripts/bootstrap.sh tools
tree="$(bash scripts/collection-tree.sh)"
python="$root/.work/venv-tools/bin/python"
mkdir -p .work/results docs/benchmarks
(cd "$tree" && PYTHONPATH="$root/.work/tree" "$python" tests/benchmarks/run.py --out "$root/.work/results/benchmarks.json" "$@")
"$python" tests/benchmarks/report.py .work/results/benchmarks.json --chart docs/benchmarks/benchmarks.png \
  --rst docs/docsite/rst/guide_benchmarks.rst --markdown README.md
cp .work/results/benchmarks.json docs/benchmarks/benchmarks.json
echo "The figures are in docs/benchmarks/benchmarks.json, the chart in docs/benchmarks/benchmarks.png."
