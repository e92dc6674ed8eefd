"""Load a scene file and check it against scene.schema.json, with errors that say where and what is wrong.

The check knows the JSON Schema keywords the scene schema uses (type, enum, properties, additionalProperties,
propertyNames, required, items, anyOf, $ref, minimum, maximum, exclusiveMinimum, minLength, pattern), so that the
simulator needs nothing beyond Python's standard library; its tests compare it with the jsonschema library.
"""

from __future__ import annotations

import json
import pathlib
import re

SCHEMA_PATH = pathlib.Path(__file__).with_name('scene.schema.json')
JSON_TYPES = {'object': dict, 'array': list, 'string': str, 'boolean': bool, 'null': type(None)}


class SceneError(Exception):
    """A scene file that cannot be loaded: unreadable, not JSON, or not a scene."""


def load_scene(path):
    """The scene in the file at `path`, checked; SceneError says what is wrong."""
    try:
        text = pathlib.Path(path).read_text(encoding='utf-8')
    except (OSError, UnicodeDecodeError) as exc:
        raise SceneError('cannot read the scene %s: %s' % (path, getattr(exc, 'strerror', None) or exc)) from None
    try:
        scene = json.loads(text)
    except ValueError as exc:
        raise SceneError('the scene %s is not JSON: %s' % (path, exc)) from None
    problems = scene_problems(scene)
    if problems:
        raise SceneError('the scene %s is not valid (see scene.schema.json):\n%s' % (
            path, '\n'.join('  - ' + problem for problem in problems)))
    return scene


def scene_problems(scene):
    """What is wrong with a scene, one sentence per problem, each saying where; [] when it is valid."""
    schema = json.loads(SCHEMA_PATH.read_text(encoding='utf-8'))
    return list(_check(scene, schema, schema, 'the scene'))


def _type_of(value):
    """The JSON type name of a decoded JSON value."""
    if isinstance(value, bool):
        return 'boolean'
    if isinstance(value, int):
        return 'integer'
    if isinstance(value, float):
        return 'number'
    return next(name for name, kind in JSON_TYPES.items() if isinstance(value, kind))


def _has_type(value, wanted):
    """Whether a value is of the JSON type `wanted` (an integer is a number too)."""
    return _type_of(value) == wanted or (wanted == 'number' and _type_of(value) == 'integer')


def _resolve(root, ref):
    """The schema a local "#/..." reference points at."""
    node = root
    for part in ref.lstrip('#/').split('/'):
        node = node[part]
    return node


def _a(type_name):
    """A JSON type name with its article: "an integer", "a string"."""
    return ('an ' if type_name[0] in 'aeiou' else 'a ') + type_name


def _show(value):
    """A value as JSON, as the scene file spells it."""
    return json.dumps(value)


def _check(value, schema, root, where):
    """Yield each problem of `value` against `schema` (`where`: how to name the value in a message)."""
    if '$ref' in schema:
        yield from _check(value, _resolve(root, schema['$ref']), root, where)
        return
    types = schema.get('type')
    types = [types] if isinstance(types, str) else types
    if types and not any(_has_type(value, wanted) for wanted in types):
        yield '%s must be %s, not %s' % (where, ' or '.join(_a(t) for t in types), _a(_type_of(value)))
        return
    if 'enum' in schema and value not in schema['enum']:
        yield '%s is %s; it must be one of: %s' % (where, _show(value), ', '.join(_show(v) for v in schema['enum']))
        return
    if 'anyOf' in schema:
        yield from _check_any_of(value, schema['anyOf'], root, where)
    yield from _check_bounds(value, schema, where)
    if isinstance(value, dict):
        yield from _check_object(value, schema, root, where)
    if isinstance(value, list) and 'items' in schema:
        for index, item in enumerate(value):
            yield from _check(item, schema['items'], root, '%s[%d]' % (where, index))


def _check_any_of(value, choices, root, where):
    """The problems of the first choice of the value's type, or that no choice has its type."""
    types = [(_resolve(root, choice['$ref']) if '$ref' in choice else choice).get('type') for choice in choices]
    for choice, choice_type in zip(choices, types):
        if choice_type is None or _has_type(value, choice_type):
            yield from _check(value, choice, root, where)
            return
    yield '%s must be %s, not %s' % (where, ' or '.join(_a(t) for t in types), _a(_type_of(value)))


def _check_bounds(value, schema, where):
    """The problems of a number out of its bounds, or of a string too short or not matching its pattern."""
    number = not isinstance(value, bool) and isinstance(value, (int, float))
    if number and 'minimum' in schema and value < schema['minimum']:
        yield '%s is %s; it must be at least %s' % (where, _show(value), schema['minimum'])
    if number and 'maximum' in schema and value > schema['maximum']:
        yield '%s is %s; it must be at most %s' % (where, _show(value), schema['maximum'])
    if number and 'exclusiveMinimum' in schema and value <= schema['exclusiveMinimum']:
        yield '%s is %s; it must be more than %s' % (where, _show(value), schema['exclusiveMinimum'])
    if isinstance(value, str) and len(value) < schema.get('minLength', 0):
        yield '%s is %s; it must not be empty' % (where, _show(value))
    elif isinstance(value, str) and 'pattern' in schema and not re.search(schema['pattern'], value):
        yield '%s must be %s' % (where, schema.get('description', 'a match of ' + schema['pattern']))


def _check_object(value, schema, root, where):
    """The problems of an object: missing or unknown fields, bad names, and each field's own."""
    properties = schema.get('properties', {})
    for name in schema.get('required', []):
        if name not in value:
            yield '%s lacks the field %s' % (where, _show(name))
    for name, item in value.items():
        place = '%s.%s' % (where, name) if where != 'the scene' else name
        if 'propertyNames' in schema:
            yield from _check(name, schema['propertyNames'], root, 'the key %s of %s' % (_show(name), where))
        if name in properties:
            yield from _check(item, properties[name], root, place)
        elif schema.get('additionalProperties') is False:
            yield '%s has an unknown field %s; its fields are: %s' % (where, _show(name), ', '.join(properties))
        elif isinstance(schema.get('additionalProperties'), dict):
            yield from _check(item, schema['additionalProperties'], root, place)
