"""No message shows a Python literal: values read in sentences through quoted(), and no message of the collection
formats a value with %r or !r (which would show None, True or a list's repr)."""

from __future__ import annotations

import ast
import pathlib

import pytest

from ansible_collections.openclaw.hosting.plugins.module_utils._words import quoted

ROOT = pathlib.Path(__file__).resolve().parents[2]


@pytest.mark.parametrize('value, words', [
    (None, 'not set'), (True, 'true'), (False, 'false'), ('eu-west', "'eu-west'"), (['a', None], "'a', not set"),
    ([], 'nothing'), ({'b': 1, 'a': None}, '{"a": null, "b": 1}'), (42, '42'), (1.5, '1.5'),
])
def test_a_value_reads_as_words(value, words):
    assert quoted(value) == words


def test_no_message_template_formats_a_python_literal():
    found = []
    for path in sorted((ROOT / 'plugins').rglob('*.py')) + sorted((ROOT / 'extensions').rglob('*.py')):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and ('%r' in node.value or '!r}' in node.value):
                found.append('%s:%d' % (path.relative_to(ROOT), node.lineno))
    assert found == []
