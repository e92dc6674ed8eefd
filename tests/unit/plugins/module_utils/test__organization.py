"""The organization's one PATCH (_organization.changes) as a table, what check mode predicts, and the problems found
before any request."""

from __future__ import annotations

import pytest

from ansible_collections.openclaw.hosting.plugins.module_utils._organization import changes, model_keys_problems, predicted

ORG = {'name': 'Team', 'model_providers': ['anthropic', 'openai']}


@pytest.mark.parametrize('name, keys, update, purge, body', [
    (None, None, 'on_create', False, {}),
    ('Team', {'anthropic': 'a'}, 'on_create', False, {}),  # the provider has a key: not sent again
    ('Crew', {'anthropic': 'a', 'gemini': ' g '}, 'on_create', False, {'name': 'Crew', 'model_api_keys': {'gemini': 'g'}}),
    (None, {'anthropic': 'a'}, 'always', False, {'model_api_keys': {'anthropic': 'a'}}),
    (None, None, 'always', True, {}),  # nothing given: nothing sent, nothing purged
    (None, {'anthropic': 'a'}, 'on_create', True, {'model_api_keys': {'openai': ''}}),
    (None, {}, 'on_create', True, {'model_api_keys': {'anthropic': '', 'openai': ''}}),
])
def test_one_patch_holds_every_difference(name, keys, update, purge, body):
    assert changes(ORG, name, keys, update, purge) == body


def test_check_mode_predicts_the_providers_left():
    after = predicted(ORG, {'name': 'Crew', 'model_api_keys': {'openai': '', 'gemini': 'g'}})
    assert (after['name'], after['model_providers']) == ('Crew', ['anthropic', 'gemini'])


def test_unknown_providers_and_empty_keys_are_named_never_a_key():
    problems = model_keys_problems({'mistral': 'secret-m', 'openai': ' ', 'gemini': 7})
    assert problems[0].startswith('model_api_keys has the provider "mistral"; the providers are anthropic, openai, gemini')
    assert [p.split(' ')[0] for p in problems[1:]] == ['model_api_keys.openai', 'model_api_keys.gemini']
    assert 'secret-m' not in ' '.join(problems)


class Unread:
    """A part's client where none is needed: the diff is made from what was read."""

    profile = None


def test_a_key_sent_again_is_named_by_its_provider_in_the_diff_never_shown():
    from ansible_collections.openclaw.hosting.plugins.module_utils._parts import Plan, diff_of  # noqa: PLC0415
    from ansible_collections.openclaw.hosting.plugins.module_utils._organization import OrganizationPart  # noqa: PLC0415

    part = OrganizationPart(Unread(), model_api_keys={'anthropic': 'sk-ant-secret'}, update_model_api_keys='always')
    planned = Plan(part, ORG, tuple(part.compare(ORG)))
    diff = diff_of(part, planned.found, part.predict(planned.found, planned.changes))
    assert diff['before'] == {'name': 'Team', 'model_providers': ['anthropic', 'openai']}
    assert diff['after'] == {'name': 'Team', 'model_providers': ['anthropic', 'openai'], 'model_providers_sent': ['anthropic']}
    assert 'sk-ant-secret' not in repr(diff)
    assert part.finish(ORG, planned.changes, {}, True)['organization'] == ORG  # the result shows the organization alone
