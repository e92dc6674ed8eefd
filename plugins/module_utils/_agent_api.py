# -*- coding: utf-8 -*-
# Copyright (c) 2026, openclaw.hosting contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""What lives inside a Chowder instance, on the wire: its files, skills, channels and messages, over Client.request,
with the shape of every answer checked; and how a task's `instance` (an id, or a name) finds the instance.

The instance is addressed by the value given, as an id, on the first request. A 404 then means either that no
instance has that id or that the thing asked for is missing: one list of instances says which, and finds a name's id
(the request is then sent again with it). Chowder answers 409 to every request on an instance that is not running:
the task fails, saying to start it, before anything was written.
"""

from __future__ import annotations

from typing import Any, Dict, List, Mapping, Optional, Tuple
from urllib.parse import urlencode

from . import _agent_messages as say
from ._client import NOT_FOUND, Client
from ._errors import ApiError
from ._find import pick_by_name
from ._messages import TaskFailed
from ._org_api import bad_answer
from ._segment import segment
from ._transport import multipart


class Agent:
    """One instance's inside, for one task: `call` sends a request under /instances/<id>/."""

    def __init__(self, client: Client, instance: str) -> None:
        self.client = client
        self.given = instance
        self.instance_id: Optional[str] = None  # known once a request or the list has shown it
        self.config_text: Optional[str] = None  # openclaw.json as last read, until a write may change it

    def call(self, method: str, part: str, query: Optional[Mapping[str, str]] = None, body: Optional[Mapping[str, Any]] = None,
             upload: Optional[Tuple[bytes, str]] = None, raw: bool = False) -> Any:
        """`part` is the path under the instance (such as "files/content"); the answer's payload."""
        if method != 'GET':
            self.config_text = None  # any write may change openclaw.json
        probing = self.instance_id is None and self.client.profile.id_problem(self.given) is None
        if self.instance_id is None and not probing:
            self.instance_id = self._resolve()
        try:
            return self._send(method, part, query, body, upload, raw, self.instance_id or self.given)
        except ApiError as error:
            if error.status == 409:
                raise TaskFailed(say.not_running(self.given, error.message), error) from error
            if not (probing and error.status == 404):
                raise
        self.instance_id = self._resolve()
        if self.instance_id == self.given:  # it is the id: the 404 was the thing asked for's
            raise ApiError('%s %s: not found' % (method, part), status=404)
        return self.call(method, part, query, body, upload, raw)

    def _send(self, method: str, part: str, query: Optional[Mapping[str, str]], body: Optional[Mapping[str, Any]],
              upload: Optional[Tuple[bytes, str]], raw: bool, instance_id: str) -> Any:
        path = '/instances/%s/%s' % (segment(instance_id, 'instance'), part) + ('?' + urlencode(query) if query else '')
        return self.client.request(method, path, body, upload, raw)

    def _resolve(self) -> str:
        """The id of the instance given, by one list of instances: an id of the list, or the one live name. A key that
        may not list (a scoped key, which addresses its instances by id) takes the value given as the id."""
        try:
            listed = self.client.list_instances()
        except ApiError as error:
            if error.status != 403 or self.client.profile.id_problem(self.given) is not None:
                raise
            return self.given
        by_id = [instance for instance in listed if str(instance['id']) == self.given]
        found = by_id[0] if by_id else pick_by_name(listed, self.client.profile, self.given)
        if found is None:
            raise TaskFailed(say.no_instance(self.given))
        return str(found['id'])

    def read(self, part: str, query: Optional[Mapping[str, str]] = None, raw: bool = False) -> Any:
        """A GET of something that may not exist: its payload, or NOT_FOUND on 404."""
        try:
            return self.call('GET', part, query, raw=raw)
        except ApiError as error:
            if error.status == 404:
                return NOT_FOUND
            raise

    def instance(self) -> Dict[str, Any]:
        """The instance's details (by id, else found in the list of instances)."""
        found = self.client.read_instance(self.instance_id or self.given) if self.client.profile.id_problem(self.given) is None else None
        if found is None:
            self.instance_id = self._resolve()
            found = self.client.read_instance(self.instance_id) if self.instance_id != self.given else None
        if found is None:
            raise TaskFailed(say.no_instance(self.given))
        self.instance_id = str(found['id'])
        return found

    # --- files ---------------------------------------------------------------

    def list_folder(self, path: str) -> Optional[List[Dict[str, Any]]]:
        """The entries of a folder, or None when it does not exist."""
        payload = self.read('files', {'path': path})
        if payload is NOT_FOUND:
            return None
        entries = payload.get('entries') if isinstance(payload, dict) else None
        if not isinstance(entries, list) or not all(isinstance(e, dict) and isinstance(e.get('name'), str) for e in entries):
            raise bad_answer('GET files?path=%s' % path, 'a folder listing (its entries)')
        return entries

    def read_text(self, path: str) -> Optional[str]:
        """A text file's content, or None when it does not exist."""
        payload = self.read('files/content', {'path': path})
        if payload is NOT_FOUND:
            return None
        if not isinstance(payload, dict) or not isinstance(payload.get('content'), str):
            raise bad_answer('GET files/content?path=%s' % path, "a file's content")
        return payload['content']

    def config(self) -> Optional[str]:
        """openclaw.json's text (None: there is none), read once for the parts that compare with it."""
        if self.config_text is None:
            self.config_text = self.read_text('openclaw.json')
        return self.config_text

    def download(self, path: str) -> Optional[bytes]:
        """A file's bytes, or None when it does not exist."""
        payload = self.read('files/download', {'path': path}, raw=True)
        return None if payload is NOT_FOUND else payload

    def write_text(self, path: str, content: str) -> None:
        self.call('PUT', 'files/content', body={'path': path, 'content': content})

    def upload(self, path: str, data: bytes) -> None:
        self.call('POST', 'files/upload', upload=multipart({'path': path}, 'file', path.rsplit('/', 1)[-1], data))

    def move(self, source: str, destination: str) -> None:
        self.call('POST', 'files/move', body={'source': source, 'destination': destination})

    # --- skills, channels, messages -----------------------------------------

    def read_skill(self, name: str) -> Optional[Dict[str, Any]]:
        """An installed skill, or None when it is not installed."""
        payload = self.read('skills/%s' % segment(name, 'the skill'))
        if payload is NOT_FOUND:
            return None
        if not (isinstance(payload, dict) and isinstance(payload.get('name'), str)):
            raise bad_answer('GET skills/%s' % name, 'a skill (an object with its name)')
        return payload

    def install_skill(self, slug: str, env: Optional[Mapping[str, str]]) -> Dict[str, Any]:
        payload = self.call('POST', 'skills/install', body=dict(slug=slug, **({'env': dict(env)} if env else {})))
        if not isinstance(payload, dict) or payload.get('status') not in ('installed', 'installed_missing_env'):
            raise bad_answer('POST skills/install', 'the skill it installed and its status', maybe_applied=True)
        return payload

    def update_skill(self, name: str, fields: Mapping[str, Any]) -> None:
        self.call('PATCH', 'skills/%s' % segment(name, 'the skill'), body=fields)

    def channels(self) -> List[Dict[str, Any]]:
        """The channels the instance offers: {channel, connection_type, enabled}."""
        payload = self.call('GET', 'channels')
        if not isinstance(payload, list) or not all(isinstance(item, dict) and isinstance(item.get('channel'), str)
                                                    and isinstance(item.get('enabled'), bool) for item in payload):
            raise bad_answer('GET channels', 'a list of channels (objects with their channel and enabled)')
        return payload

    def channel(self, name: str, verb: str = '') -> Dict[str, Any]:
        """A channel's description (its connection type and required fields), or with verb "status" its status; an
        unknown channel fails naming the channels the instance offers."""
        try:
            payload = self.call('GET', 'channels/%s' % segment(name, 'the channel') + ('/' + verb if verb else ''))
        except ApiError as error:
            if error.status != 404:
                raise
            raise TaskFailed(say.unknown_channel(name, [item['channel'] for item in self.channels()]), error) from error
        if not isinstance(payload, dict):
            raise bad_answer('GET channels/%s' % name, 'a channel')
        if verb == 'status' and not isinstance(payload.get('enabled'), bool):
            raise bad_answer('GET channels/%s/status' % name, 'a status (its enabled must be true or false)')
        return payload

    def connect(self, name: str, config: Mapping[str, Any]) -> Dict[str, Any]:
        payload = self.call('POST', 'channels/%s/connect' % segment(name, 'the channel'), body={'config': dict(config)})
        if not isinstance(payload, dict) or payload.get('status') not in ('connected', 'awaiting_scan'):
            raise bad_answer('POST channels/%s/connect' % name, 'the connection and its status', maybe_applied=True)
        return payload

    def disconnect(self, name: str) -> None:
        self.call('POST', 'channels/%s/disconnect' % segment(name, 'the channel'))

    def respond(self, body: Mapping[str, Any], session: Optional[str]) -> Dict[str, Any]:
        part = 'session/%s/responses' % segment(session, 'session') if session is not None else 'responses'
        payload = self.call('POST', part, body=body)
        if not isinstance(payload, dict) or not isinstance(payload.get('output'), list):
            raise bad_answer('POST %s' % part, 'a response (an object with its output)')
        return payload


def output_text(response: Mapping[str, Any]) -> str:
    """The text of a response's output_text parts, joined; a part whose text is not text is a bad answer."""
    parts = [part for item in response['output'] if isinstance(item, dict) for part in item.get('content') or ()
             if isinstance(part, dict) and part.get('type') == 'output_text']
    if not all(isinstance(part.get('text'), str) for part in parts):
        raise bad_answer('POST responses', 'a response whose output_text parts hold text')
    return ''.join(part['text'] for part in parts)
