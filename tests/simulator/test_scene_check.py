"""The scene schema and its check: every shipped scene is valid, and each kind of mistake is named with its place.

The check is compared with the jsonschema library (a reference implementation of JSON Schema) on every case, so
that the schema users' editors read and the check the simulator runs never disagree.
"""

from __future__ import annotations

import json
import pathlib

import jsonschema
import pytest

from .scene_check import SCHEMA_PATH, SceneError, load_scene, scene_problems

ROOT = pathlib.Path(__file__).resolve().parents[2]
SHIPPED = [*sorted(pathlib.Path(__file__).with_name('examples').glob('*.json')), ROOT / 'demo' / 'scene.json']
SCHEMA = json.loads(SCHEMA_PATH.read_text())
INSTANCE = {'name': 'bot', 'status': 'running'}

# (a scene with one mistake, what the message must say)
INVALID = [
    ({'clawhoster': {}}, 'the scene has an unknown field "clawhoster"'),
    ({'clawhosters': []}, 'clawhosters must be an object, not an array'),
    ({'clawhosters': {'k': [{'status': 'runing'}]}}, 'clawhosters.k[0].status is "runing"; it must be one of: "provisioning"'),
    ({'clawhosters': {'k': [{'id': 0}]}}, 'clawhosters.k[0].id is 0; it must be at least 1'),
    ({'clawhosters': {'k': [{'id': '7'}]}}, 'clawhosters.k[0].id must be an integer, not a string'),
    ({'clawhosters': {'k': [{'llm_configured': 1}]}}, 'clawhosters.k[0].llm_configured must be a boolean, not an integer'),
    ({'clawhosters': {'k': [dict(INSTANCE, colour='red')]}}, 'clawhosters.k[0] has an unknown field "colour"'),
    ({'clawhosters': {'k': [{'then': [{'after': 5}]}]}}, 'clawhosters.k[0].then[0] lacks the field "status"'),
    ({'clawhosters': {'my key': []}}, 'the key "my key" of clawhosters must be a key without spaces'),
    ({'clawhosters': {'': []}}, 'the key "" of clawhosters is ""; it must not be empty'),
    ({'timings': {'action': -1}}, 'timings.action is -1; it must be at least 0'),
    ({'rate_limit': {'window': 0}}, 'rate_limit.window is 0; it must be more than 0'),
    ({'chowder': {'k': 'instances'}}, 'chowder.k must be an array or an object, not a string'),
    ({'chowder': {'k': {'tier': 'fish'}}}, 'chowder.k.tier is "fish"; it must be one of: "shrimp"'),
    ({'chowder': {'k': [{'status': 'paused'}]}}, 'chowder.k[0].status is "paused"; it must be one of: "provisioning"'),
    ({'chowder': {'k': {'scoped_keys': {'s': {'permissions': ['write']}}}}},
     'chowder.k.scoped_keys.s.permissions[0] is "write"; it must be one of: "read"'),
    ({'faults': [{'kind': 'error', 'status': 700}]}, 'faults[0].status is 700; it must be at most 599'),
    ({'faults': [{'status': 500}]}, 'faults[0] lacks the field "kind"'),
]


@pytest.mark.parametrize('path', SHIPPED, ids=lambda path: path.name)
def test_every_shipped_scene_is_valid(path):
    """The example scenes and the demo's scene load, and the reference implementation agrees."""
    scene = load_scene(path)
    jsonschema.Draft202012Validator(SCHEMA).validate(scene)


def test_the_schema_is_a_valid_json_schema():
    """Editors and other tools can read it."""
    jsonschema.Draft202012Validator.check_schema(SCHEMA)


@pytest.mark.parametrize('scene, message', INVALID, ids=[message for dummy, message in INVALID])
def test_each_mistake_is_named_with_its_place(scene, message):
    """One problem, one sentence, that starts with where it is; jsonschema finds the scene invalid too."""
    problems = scene_problems(scene)
    assert len(problems) == 1 and problems[0].startswith(message), problems
    assert not jsonschema.Draft202012Validator(SCHEMA).is_valid(scene)


def test_every_problem_is_listed_at_once(tmp_path):
    """A scene with three mistakes gets one error that lists the three, under the file's name."""
    path = tmp_path / 'scene.json'
    path.write_text(json.dumps({'timing': {}, 'clawhosters': {'k': [{'status': 'runing', 'tier': 'gold'}]}}))
    with pytest.raises(SceneError) as caught:
        load_scene(path)
    lines = str(caught.value).splitlines()
    assert lines[0] == 'the scene %s is not valid (see scene.schema.json):' % path
    starts = ['  - the scene has an unknown field "timing"', '  - clawhosters.k[0].status is "runing"',
              '  - clawhosters.k[0].tier is "gold"']
    assert len(lines) == 4 and all(line.startswith(start) for line, start in zip(lines[1:], starts)), lines


def test_a_file_that_is_not_json_or_not_there(tmp_path):
    """Not JSON: the parser's line and column; missing: the system's reason."""
    path = tmp_path / 'scene.json'
    path.write_text('{"clawhosters": {\n  "k": [,]}}')
    with pytest.raises(SceneError, match=r'^the scene .*scene\.json is not JSON: Expecting value: line 2 column 9'):
        load_scene(path)
    with pytest.raises(SceneError, match=r'^cannot read the scene .*missing\.json: No such file or directory$'):
        load_scene(tmp_path / 'missing.json')
