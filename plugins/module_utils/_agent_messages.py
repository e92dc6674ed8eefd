# -*- coding: utf-8 -*-
# Copyright (c) 2026, openclaw.hosting contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Every sentence a user reads about an agent's parts (its organization, keys, files, skills, channels, messages),
as `_messages` holds the instance half's: the parts and the engine describe what happened as data, the words are
chosen here. A part is named by its label ("skill web-search"); no sentence ever holds a secret value.
"""

from __future__ import annotations

from typing import Any, Mapping, Sequence

from ._errors import ApiError
from ._words import quoted

AGAIN = 'Run the task again.'


# --- a write whose answer was lost: one template, three endings -----------------------------------

def no_clear_answer(label: str, action: str, lost: ApiError, ending: str) -> str:
    """The one sentence of a lost answer: what was sent, that no clear answer came, what a read found out."""
    return 'The %s of the %s got no clear answer (%s); %s' % (action, label, lost.message, ending)


def not_carried_out(label: str, action: str, lost: ApiError) -> str:
    return no_clear_answer(label, action, lost, 'a read shows it was not carried out, so nothing was changed by it '
                           '(it is never sent blindly again). ' + AGAIN)


def unsettled(label: str, action: str, lost: ApiError, error: ApiError) -> str:
    return no_clear_answer(label, action, lost, 'reading the %s to find out whether it was carried out failed too (%s): '
                           'look at it in the Chowder dashboard, then run the task again.' % (label, error.message))


def answer_lost(label: str, action: str, lost: ApiError, what: str, advice: str) -> str:
    """It was carried out, but what only its answer held (a raw key, a QR code) is lost."""
    return no_clear_answer(label, action, lost, 'a read shows it was carried out, but its answer held %s, which is '
                           'lost: %s' % (what, advice))


def already_done(label: str, done: Sequence[str]) -> str:
    """Said after a failure that came after some of an item's changes were carried out."""
    return ' Already done for the %s before it failed: %s.' % (label, ', '.join(done))


# --- the instance ---------------------------------------------------------------------------------

def not_running(instance: str, error: str) -> str:
    return ('The Chowder instance %s is not running (%s): start it (openclaw.hosting.chowder_instance with state: '
            'started) and run the task again. Nothing was changed.' % (instance, error))


def not_running_status(instance: str, status: Any) -> str:
    return ('The Chowder instance %s is %s, not running: start it (openclaw.hosting.chowder_instance with state: '
            'started) to send it a message. Nothing was sent.' % (instance, status))


def no_instance(given: str) -> str:
    return 'No Chowder instance has the id or name "%s". Nothing was changed.' % given


# --- skills, channels, messages -------------------------------------------------------------------

def installed_as(slug: str, installed: Any, name: str) -> str:
    return ('ClawHub installed %s as the skill "%s", not "%s": set name: %s (and slug: %s) and run the task again.'
            % (slug, installed, name, installed, slug))


def missing_env(name: str, missing: Sequence[str]) -> str:
    return ('The skill %s was installed, but it needs the environment variables %s: give them in env and run the task '
            'again.' % (name, ', '.join(missing) or '(the API did not say which)'))


def config_unreadable(name: str, why: str) -> str:
    return ('The settings of the skill %s could not be compared (openclaw.json cannot be read: %s), so every setting '
            'given was sent.' % (name, why))


def needs_fields(channel: str, required: Mapping[str, Any], missing: Sequence[str]) -> str:
    return ('The %s channel needs %s in config (%s). Nothing was changed.'
            % (channel, ', '.join(missing), '; '.join('%s: %s' % (field, required[field]) for field in missing)))


def unknown_channel(channel: str, offered: Sequence[str]) -> str:
    return ('The instance has no channel "%s"; it offers %s. Nothing was changed.'
            % (channel, ', '.join(offered) or 'none'))


def not_scanned(channel: str, seconds: Any) -> str:
    return ('The %s channel was not connected within wait_timeout (%s s): scan its QR code (qr_data) and run the task '
            'again.' % (channel, seconds))


def qr_not_written(channel: str, path: str, why: str) -> str:
    return ('The %s channel was connected, but its QR code could not be written to %s (%s): scan it from qr_data, or '
            'run the task again with update_config: always for a new code.' % (channel, path, why))


QUOTED_ANSWER = 300  # the most of an answer a message quotes; the whole text is in output_text


def no_match(expect: str, text: str) -> str:
    quoted_text = text if len(text) <= QUOTED_ANSWER else '%s... (%d characters; the whole answer is in output_text)' % (
        text[:QUOTED_ANSWER], len(text))
    return 'The answer does not match expect (%s): %s' % (expect, quoted_text)


# --- files ----------------------------------------------------------------------------------------

def path_problem(path: str) -> str:
    return ('path must be relative to the instance\'s files root, without ".." (such as workspace/SOUL.md), got "%s"'
            % path)


def unsafe_path(path: str) -> str:
    return ('path must name a file (no trailing "/") without a backslash, a control character or a percent-encoded '
            '".", "/" or "\\", got "%s"' % path.encode('unicode_escape').decode('ascii'))


def not_text(path: str) -> str:
    return ('%s is not UTF-8 text, so its content is not returned (its facts are: size, mod_time); use the files '
            'API\'s download for its bytes.' % path)


CONFIG_PATH = ('path is openclaw.json, the configuration the API maintains: set it with openclaw.hosting.chowder_instance '
               '(openclaw_config), chowder_skill and chowder_channel')


# --- keys -----------------------------------------------------------------------------------------

def several_keys(name: str, ids: Sequence[str]) -> str:
    return ('%d active Chowder keys are named "%s" (%s): a name must find one key. Revoke the ones that are not wanted '
            'and run the task again.' % (len(ids), name, ', '.join(ids)))


def key_differs(name: str, key_id: str, fields: Sequence[str]) -> str:
    return ('The Chowder key "%s" (%s) differs in %s, and a scoped key cannot be changed: set recreate: on_change to '
            'replace it with a new key (create, then revoke the old one).' % (name, key_id, ', '.join(fields)))


def unknown_instances(items: Sequence[str]) -> str:
    return ('instances: no Chowder instance has the id or name %s; nothing was changed'
            % ', '.join('"%s"' % item for item in items))


def raw_key_not_written(name: str, key_id: str, path: str, why: str, old_id: Any) -> str:
    return ('The Chowder key "%s" was created (%s), but its raw key could not be written to %s (%s): revoke the new key '
            'by its id (%s) and run the task again.%s'
            % (name, key_id, path, why, key_id, ' The old key %s is still active.' % old_id if old_id else ''))


def raw_key_lost(name: str, created: Sequence[str], old_id: Any) -> str:
    """The advice after a create whose answer (the raw key) was lost: revoke the new key only, by its id."""
    tasks = ' and '.join('openclaw.hosting.chowder_api_key with name: %s, id: %s, state: absent' % (name, key_id)
                         for key_id in created)
    advice = 'revoke the new key by its id (%s), with %s, and run the task again' % (', '.join(created), tasks)
    return advice + ('; the old key %s is still active and still works.' % old_id if old_id else '.')


def expired(name: str, expires_at: str) -> str:
    return ('The Chowder key "%s" would be created with expires_at %s, which has passed: it would never work. Give a '
            'later expires_at. Nothing was changed.' % (name, expires_at))


def another_agents_key(name: str, key_id: str) -> str:
    return ('The Chowder key "%s" (%s) is not bound to this agent: key names are the organization\'s, so it is another '
            'agent\'s key, which applying would replace or revoke. Give this agent\'s key another name. Nothing was '
            'changed.' % (name, key_id))


def no_raw_key_path(name: str) -> str:
    return ('The Chowder key "%s" would be created, and its raw key is shown once: give it a raw_key_path (a file to '
            'write it to), or it would be lost. Nothing was changed.' % name)


# --- a whole agent --------------------------------------------------------------------------------

def not_running_parts(status: Any) -> str:
    return 'the instance is %s, not running, so its parts cannot be read' % quoted(status)


def not_settled(given: str, status: Any) -> str:
    return ('The Chowder instance %s is %s, neither running nor stopped: its agent is not settled, so it is not read. '
            'Run the task again once it is.' % (given, quoted(status)))


def not_yet_running() -> str:
    return 'check mode: the instance is not created or started yet, so its parts cannot be read'


def keys_left(name: str, keys: Sequence[str]) -> str:
    return ('The agent %s has no instance, so no key can be told to be its own: the keys %s were left as they are '
            '(revoke one with openclaw.hosting.chowder_api_key, state: absent).' % (name, ', '.join(keys)))


def agent_summary(name: str, actions: Mapping[str, Any], check_mode: bool) -> str:
    """The one line of a chowder_agent task: "support-bot: changed: files (2), skills (1)"."""
    changed = ['%s (%d)' % (part, len(done)) for part, done in actions.items() if done]
    if not changed:
        return '%s: nothing to change' % name
    return '%s: %s: %s' % (name, 'would change' if check_mode else 'changed', ', '.join(changed))


def placeholder(where: str) -> str:
    return ('%s is a placeholder (the whole value is a template, as an exported declaration holds a secret), not a value: '
            'render it (define the variable) before passing the declaration on' % where)


def unsafe_bundle_path(what: str, why: str) -> str:
    return 'The export would write %s, %s: nothing was written there.' % (what, why)


def secrets_unread(path: str, why: str) -> str:
    return ('%s could not be read (%s), perhaps because it is vaulted: every placeholder is listed under secrets_new; '
            'check that the file defines each.' % (path, why))


NO_RAW_KEY_PATH = ('a key that this task creates shows its raw key once: set raw_key_path (a file to write it to) or '
                   'return_raw_key (with no_log: true on the task), or it would be lost')
