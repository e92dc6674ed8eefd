"""The layout the architecture guide promises: no file under plugins/ over 250 lines, and in the shared core imports
only go downward, in the order of the guide's table of rooms."""

from __future__ import annotations

import ast
import pathlib
import re

ROOT = pathlib.Path(__file__).resolve().parents[2]
CORE = ROOT / 'plugins' / 'module_utils'
GUIDE = ROOT / 'docs' / 'docsite' / 'rst' / 'guide_architecture.rst'
MAX_LINES = 250


def rooms():
    """The core's files in the order of the guide's table, top (imports the most) to bottom (imports nothing)."""
    return re.findall(r'^   \* - ``(_\w+\.py)``$', GUIDE.read_text(), re.MULTILINE)


def imports_of(path):
    """The core files a file imports (relative imports, or by the collection's full name)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom):
            module = node.module or ''
            if node.level == 1 and module:
                found.add(module + '.py')
            elif node.level == 1:
                found.update(alias.name + '.py' for alias in node.names)
            elif module.startswith('ansible_collections.openclaw.hosting.plugins.module_utils.'):
                found.add(module.rsplit('.', 1)[1] + '.py')
            elif module == 'ansible_collections.openclaw.hosting.plugins.module_utils':
                found.update(alias.name + '.py' for alias in node.names)
    return found


def test_the_guide_lists_every_file_of_the_core_once():
    listed = rooms()
    assert sorted(listed) == sorted(path.name for path in CORE.glob('_*.py')) and len(set(listed)) == len(listed)


def test_imports_in_the_core_only_go_downward():
    order = rooms()
    upward = ['%s imports %s, listed above it' % (name, imported)
              for index, name in enumerate(order) for imported in sorted(imports_of(CORE / name))
              if imported in order and order.index(imported) <= index]
    assert upward == []


def test_the_guide_names_the_imports_of_each_file():
    text = GUIDE.read_text()
    rows = re.findall(r'^   \* - ``(_\w+\.py)``\n(?:     - .*\n(?:       .*\n)*?)     - ((?:.*\n)(?:       .*\n)*)', text, re.MULTILINE)
    named = {name: {'_%s.py' % part.strip().replace(' ', '_') for part in ' '.join(imports.split()).split(',')} - {'_none.py'}
             for name, imports in rows}
    assert named == {name: imports_of(CORE / name) for name in rooms()}


def test_no_file_under_plugins_is_over_250_lines():
    long_files = {str(path.relative_to(ROOT)): len(path.read_text().splitlines())
                  for path in (ROOT / 'plugins').rglob('*.py')}
    assert {name: lines for name, lines in long_files.items() if lines > MAX_LINES} == {}


def test_a_real_sleep_fails_the_unit_layer():
    import time  # noqa: PLC0415  pylint: disable=import-outside-toplevel
    try:
        time.sleep(0)
    except AssertionError as refused:
        assert 'a real sleep' in str(refused)
    else:
        raise AssertionError('time.sleep is not refused in the unit layer')
