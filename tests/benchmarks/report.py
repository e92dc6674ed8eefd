"""From the benchmark's JSON to the docs: a PNG chart, and the table between the markers of the guide and the README.

    python tests/benchmarks/report.py RESULTS.json --chart docs/benchmarks/benchmarks.png \
        --rst docs/docsite/rst/guide_benchmarks.rst --markdown README.md
"""

from __future__ import annotations

import argparse
import json
import pathlib
import re

from matplotlib.figure import Figure

VARIANTS = (('collection', 'module per host', '#1f77b4'), ('fleet', 'clawhosters_fleet', '#ff7f0e'),
            ('power', 'power role', '#2ca02c'), ('uri', 'uri playbook', '#d62728'))
START, END = 'benchmark-table-start', 'benchmark-table-end'


def rows(result: dict) -> list[list[str]]:
    """One row per scenario: of each variant and of the bound, its requests (429s among them) and wall seconds."""
    table = []
    for scenario in result['scenarios']:
        runs, bound = scenario['runs'], scenario['bound']
        row = [scenario['name']]
        for variant, dummy, dummy2 in VARIANTS:
            run = runs.get(variant)
            row.append('%d (%d), %.1f s' % (run['requests'], run['rate_limited'], run['seconds']) if run else '')
        row.append('%d, %.1f s' % (bound['requests'], bound['seconds']))
        table.append(row)
    return table


HEADER = ['scenario', 'module per host', 'clawhosters_fleet', 'power role', 'uri', 'bound']


def rst_table(result: dict) -> str:
    """A list-table: requests (429s among them) and wall seconds."""
    lines = ['.. list-table:: Requests (429s among them), wall time', '   :header-rows: 1', '']
    for row in [HEADER, *rows(result)]:
        lines.append('   * - %s' % (row[0] or ' '))
        lines.extend('     - %s' % (cell or '-') for cell in row[1:])
    return '\n'.join(lines)


def markdown_table(result: dict) -> str:
    """The same table in Markdown."""
    lines = ['| %s |' % ' | '.join(HEADER), '|%s' % ('---|' * len(HEADER))]
    lines.extend('| %s |' % ' | '.join(cell or '-' for cell in row) for row in rows(result))
    return '\n'.join(lines)


def replace_between(path: pathlib.Path, text: str, comment: str) -> None:
    """Put `text` between the start and end markers of the file (comment: how the file writes a marker)."""
    content = path.read_text()
    start, end = comment % START, comment % END
    pattern = re.compile(re.escape(start) + r'.*?' + re.escape(end), re.DOTALL)
    if not pattern.search(content):
        raise SystemExit('%s has no %s ... %s markers' % (path, start, end))
    path.write_text(pattern.sub(lambda match: '%s\n\n%s\n\n%s' % (start, text, end), content))


def chart(result: dict, path: pathlib.Path) -> None:
    """Two panels, requests and seconds, a bar per variant and a mark for the bound, per scenario."""
    scenarios = result['scenarios']
    names = [scenario['name'] for scenario in scenarios]
    figure = Figure(figsize=(13, 0.6 * len(names) + 1.6))
    axes = figure.subplots(1, 2, sharey=True)
    height = 0.8 / len(VARIANTS)
    for panel, (field, title) in zip(axes, (('requests', 'requests (log scale)'), ('seconds', 'wall time, s (log scale)'))):
        for offset, (variant, label, color) in enumerate(VARIANTS):
            bars = [(index + (offset - (len(VARIANTS) - 1) / 2) * height, scenario['runs'][variant][field])
                    for index, scenario in enumerate(scenarios) if variant in scenario['runs']]
            panel.barh([position for position, dummy in bars], [value for dummy, value in bars], height=height, color=color,
                       label=label)
            for position, value in bars:
                if not value:  # nothing to draw on a log scale: say it
                    panel.annotate('0', (0, position), xycoords=('axes fraction', 'data'), xytext=(3, 0),
                                   textcoords='offset points', va='center', fontsize=8, color=color)
        bounds = [(index, scenario['bound'][field]) for index, scenario in enumerate(scenarios) if scenario['bound'][field]]
        panel.scatter([value for dummy, value in bounds], [index for index, dummy in bounds], marker='|', s=260,
                      color='black', zorder=3, label='lower bound')
        panel.set_xscale('log')
        panel.set_title(title)
        panel.grid(axis='x', which='both', alpha=0.3)
    axes[0].set_yticks(range(len(names)), names)
    axes[0].invert_yaxis()
    axes[1].legend(loc='lower right')
    figure.suptitle('openclaw.hosting against hand-written uri playbooks (ClawHosters simulator, %s)' % result['setup']['rate_limit'])
    figure.tight_layout()
    figure.savefig(path, dpi=110)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('results')
    parser.add_argument('--chart', required=True)
    parser.add_argument('--rst')
    parser.add_argument('--markdown')
    options = parser.parse_args()
    result = json.loads(pathlib.Path(options.results).read_text())
    chart(result, pathlib.Path(options.chart))
    if options.rst:
        replace_between(pathlib.Path(options.rst), rst_table(result), '.. %s')
    if options.markdown:
        replace_between(pathlib.Path(options.markdown), markdown_table(result), '<!-- %s -->')


if __name__ == '__main__':
    main()
