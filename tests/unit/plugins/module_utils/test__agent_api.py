"""What lives inside an instance on the wire (_agent_api): a message's answer of the wrong shape is a bad answer, not
a traceback; a mismatch quotes at most the start of a long answer."""

from __future__ import annotations

import pytest

from ansible_collections.openclaw.hosting.plugins.module_utils._agent_api import Agent, output_text
from ansible_collections.openclaw.hosting.plugins.module_utils._agent_messages import QUOTED_ANSWER, no_match
from ansible_collections.openclaw.hosting.plugins.module_utils._client import Client
from ansible_collections.openclaw.hosting.plugins.module_utils._errors import ApiError
from ansible_collections.openclaw.hosting.plugins.module_utils._profiles import CHOWDER

ORG = 'chd_org_unit_agent_api_secret'


def test_an_answer_whose_text_is_null_is_a_bad_answer(simulator):
    bot = simulator.reset_chowder({ORG: [{'name': 'bot', 'status': 'running'}]})[ORG][0]
    agent = Agent(Client(CHOWDER, ORG, simulator.chowder_url, timeout=5, retries=2, **simulator.seams()), bot)
    simulator.faults({'kind': 'answer', 'method': 'POST', 'path': 'responses', 'status': 200, 'body': {
        'id': 'r', 'object': 'response', 'status': 'completed', 'output': [
            {'type': 'message', 'role': 'assistant', 'content': [{'type': 'output_text', 'text': None}]}]}})
    with pytest.raises(ApiError) as caught:
        output_text(agent.respond({'model': 'm', 'input': 'hello'}, None))
    assert caught.value.code == 'bad_answer' and 'output_text parts hold text' in caught.value.message
    assert output_text({'output': [{'content': [{'type': 'output_text', 'text': 'a'}, {'type': 'refusal'}]}, 'x']}) == 'a'


def test_a_mismatch_quotes_at_most_the_start_of_a_long_answer():
    long = 'x' * 100000
    message = no_match('hello', long)
    assert len(message) < QUOTED_ANSWER + 200 and message.endswith('(100000 characters; the whole answer is in output_text)')
    assert no_match('hello', 'bye') == 'The answer does not match expect (hello): bye'
