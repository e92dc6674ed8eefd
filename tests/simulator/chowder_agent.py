"""What lives inside a Chowder instance, as the documentation describes its API: the files tree (with the
openclaw.json the API maintains), skills from a small ClawHub catalogue, channels, and messages.

Every endpoint answers 409 unless the instance is running, and needs its permission from a scoped key (files: files;
skills: configure; channels: channels; messages: interact). The decisions where the docs are silent are those of
../shared/api/chowder-agent-api.md.
"""

from __future__ import annotations

import base64
import json
import posixpath
import re

# slug -> (the name it installs as, description, the environment variables it needs)
CLAWHUB = {
    'web-search': ('web-search', 'Search the web', ('SEARCH_API_KEY',)),
    'weather': ('weather', 'Weather forecasts', ()),
    'github': ('github', 'Work with GitHub repositories', ('GITHUB_TOKEN',)),
    'acme/notes-pro': ('notes', 'Notes, the pro edition', ()),
}
# channel -> (connection type, required field -> description, how openclaw.json spells each field)
CHANNELS = {
    'telegram': ('token', {'token': 'Bot token from @BotFather'}, {'token': 'botToken'}),
    'discord': ('token', {'token': 'Bot token'}, {'token': 'token'}),
    'slack': ('token', {'bot_token': 'Bot User OAuth token', 'app_token': 'App-level token'},
              {'bot_token': 'botToken', 'app_token': 'appToken'}),
    'whatsapp': ('interactive', {}, {}),
    'nostr': ('token', {}, {}),
}
PERMISSION = {'files': 'files', 'skills': 'configure', 'channels': 'channels', 'responses': 'interact', 'session': 'interact'}
SUB_PATH = re.compile(r'^/instances/(?P<id>[^/]+)/(?P<part>files|skills|channels|responses|session)(?P<rest>/.*)?$')
PNG = base64.b64encode(b'\x89PNG\r\n\x1a\n simulated QR code').decode()


def not_found(what):
    return 404, {'detail': '%s not found' % what}


class AgentState:
    """One instance's inside: files (path -> [bytes, mod_time]), channels (name -> state), restarts of its gateway."""

    def __init__(self, now):
        self.files = {'openclaw.json': [b'{}', now], 'workspace/AGENTS.md': [b'# Agents\n', now]}
        self.channels = {}
        self.gateway_restarts = 0

    def config(self):
        return json.loads(self.files['openclaw.json'][0])

    def set_config(self, config, now):
        self.files['openclaw.json'] = [json.dumps(config, indent=2, sort_keys=True).encode(), now]


def clean(path):
    """A path relative to the files root, or None when it is absolute or climbs out."""
    if not isinstance(path, str) or path.startswith('/') or '..' in path.split('/'):
        return None
    normal = posixpath.normpath(path or '.')
    return '' if normal == '.' else normal


class AgentApi:
    """The instance sub-resources; mixed into the Chowder model (`clock`, `agents`, `timings`)."""

    def agent(self, inst):
        return self.agents.setdefault(inst.id, AgentState(self.clock.time()))

    def seed(self, inst, agent):
        """Give an instance's agent what a scene says it holds: files, installed skills with their settings in
        openclaw.json, channels connected with their configs (as a connect would have written them)."""
        state, now = self.agent(inst), self.clock.time()
        for path, content in agent.get('files', {}).items():
            data = base64.b64decode(content['base64']) if isinstance(content, dict) else content.encode('utf-8')
            state.files[clean(path)] = [data, now]
        config = state.config()
        for name, entry in agent.get('skills', {}).items():
            state.files['skills/%s/SKILL.md' % name] = [('# %s\n' % name).encode(), now]
            config.setdefault('skills', {}).setdefault('entries', {})[name] = dict(entry)
        for name, given in agent.get('channels', {}).items():
            kind, dummy, spelled = CHANNELS[name]
            config.setdefault('channels', {})[name] = dict({spelled.get(k, k): v for k, v in given.items()}, enabled=True)
            state.channels[name] = {'enabled': True, 'connected': kind != 'interactive',
                                    'scan_at': now + 1e9 if kind == 'interactive' else None}
        state.set_config(config, now)

    def handle_agent(self, method, match, inst, body, query):
        """Serve files, skills, channels and responses of a running instance."""
        if inst.status != 'running':
            return 409, {'detail': 'Instance is not running'}
        state, part, rest = self.agent(inst), match.group('part'), match.group('rest') or ''
        if part == 'files':
            return self._files(method, rest, state, body, query)
        if part == 'skills':
            return self._skills(method, rest, state, body, query)
        if part == 'channels':
            return self._channels(method, rest, state, body)
        return self._respond(method, inst, body)

    # --- files ---------------------------------------------------------------

    def _files(self, method, rest, state, body, query):
        now = self.clock.time()
        body = body if isinstance(body, dict) else {}
        if (method, rest) == ('GET', ''):
            folder = clean(query.get('path', '.'))
            if folder is None:
                return 400, {'detail': 'Invalid path'}
            return self._listing(state, folder)
        if (method, rest) in (('GET', '/content'), ('GET', '/download')):
            path = clean(query.get('path', ''))
            if path is None or not path:
                return 400, {'detail': 'Invalid path'}
            if path not in state.files:
                return not_found('File')
            data = state.files[path][0]
            if rest == '/download':
                return 200, data
            try:
                return 200, {'path': path, 'content': data.decode('utf-8')}
            except UnicodeDecodeError:
                return 400, {'detail': 'File is not a text file: use /files/download'}
        if (method, rest) in (('PUT', '/content'), ('POST', '/upload')):
            path = clean(body.get('path'))
            data = body.get('content') if rest == '/content' else body.get('file')
            if not path or path is None or not isinstance(data, (str, bytes)):
                return 422, {'detail': [{'loc': ['body', 'path'], 'msg': 'Field required', 'type': 'missing'}]}
            state.files[path] = [data.encode('utf-8') if isinstance(data, str) else data, now]
            return 204, None
        if (method, rest) == ('POST', '/move'):
            source, destination = clean(body.get('source')), clean(body.get('destination'))
            if not source or not destination:
                return 400, {'detail': 'Invalid path'}
            moved = {path: value for path, value in state.files.items() if path == source or path.startswith(source + '/')}
            if not moved:
                return not_found('Path')
            for path, value in moved.items():
                del state.files[path]
                state.files[destination + path[len(source):]] = value
            return 204, None
        return 405, {'detail': 'Method Not Allowed'}

    @staticmethod
    def _listing(state, folder):
        prefix = folder + '/' if folder else ''
        if folder in state.files:
            return 400, {'detail': 'Not a directory'}
        entries = {}
        for path, (data, mod_time) in state.files.items():
            if not path.startswith(prefix):
                continue
            name = path[len(prefix):].split('/', 1)[0]
            is_dir = '/' in path[len(prefix):]
            entries[name] = {'name': name, 'path': prefix + name, 'is_dir': is_dir, 'size': 4096 if is_dir else len(data),
                             'mod_time': mod_time, 'permissions': 'drwxr-xr-x' if is_dir else '-rw-r--r--'}
        if folder and not entries:
            return not_found('Path')
        return 200, {'path': folder or '.', 'entries': [entries[name] for name in sorted(entries)]}

    # --- skills --------------------------------------------------------------

    def _installed(self, state):
        return sorted({path.split('/')[1] for path in state.files if path.startswith('skills/') and path.count('/') >= 2})

    def _skills(self, method, rest, state, body, query):
        installed = self._installed(state)
        if (method, rest) == ('GET', ''):
            names = {name: description for name, description, dummy in CLAWHUB.values()}
            every = [{'name': name, 'description': names.get(name, ''), 'source': 'managed' if name in installed else 'clawhub',
                      'ready': name in installed} for name in sorted(set(names) | set(installed))]
            eligible = query.get('eligible_only') in ('true', 'True', '1')
            return 200, [skill for skill in every if skill['ready'] or not eligible]
        if (method, rest) == ('POST', '/install'):
            return self._install(state, body if isinstance(body, dict) else {})
        name = rest[1:]
        if name not in installed:
            return not_found('Skill')
        if method == 'GET':
            return 200, {'name': name, 'description': '', 'source': 'managed', 'path': 'skills/%s' % name, 'ready': True}
        if method == 'PATCH':
            config = state.config()
            entry = config.setdefault('skills', {}).setdefault('entries', {}).setdefault(name, {})
            for field in ('enabled', 'apiKey', 'env', 'config'):
                if isinstance(body, dict) and field in body:
                    entry[field] = body[field]
            state.set_config(config, self.clock.time())
            return 204, None
        return 405, {'detail': 'Method Not Allowed'}

    def _install(self, state, body):
        slug = body.get('slug')
        if slug not in CLAWHUB:
            return 404, {'detail': 'Skill %s not found on ClawHub' % slug}
        name, description, required = CLAWHUB[slug]
        env = body.get('env') if isinstance(body.get('env'), dict) else {}
        self.clock.sleep(self.timings.get('install', 0.0))
        state.files['skills/%s/SKILL.md' % name] = [('# %s\n\n%s\n' % (name, description)).encode(), self.clock.time()]
        if env:
            config = state.config()
            config.setdefault('skills', {}).setdefault('entries', {}).setdefault(name, {})['env'] = env
            state.set_config(config, self.clock.time())
        missing = [variable for variable in required if variable not in env]
        return 200, {'skill': name, 'status': 'installed_missing_env' if missing else 'installed',
                     'output': 'npx clawhub install %s\nInstalled %s' % (slug, name), 'env_applied': env,
                     'required_env': list(required), 'message': ('Missing environment variables: %s' % ', '.join(missing))
                     if missing else 'Skill installed'}

    # --- channels ------------------------------------------------------------

    def _channel_status(self, state, name):
        channel = state.channels.get(name, {'enabled': False, 'connected': False})
        if channel.get('scan_at') is not None and self.clock.time() >= channel['scan_at']:
            channel.update(connected=True, scan_at=None)
        return channel

    def _channels(self, method, rest, state, body):
        if (method, rest) == ('GET', ''):
            return 200, [{'channel': name, 'connection_type': kind, 'enabled': self._channel_status(state, name)['enabled']}
                         for name, (kind, dummy, dummy2) in sorted(CHANNELS.items())]
        match = re.match(r'^/(?P<name>[a-z]+)(?:/(?P<verb>connect|disconnect|status|pair))?$', rest)
        if not match or match.group('name') not in CHANNELS:
            return not_found('Channel')
        name, verb = match.group('name'), match.group('verb')
        kind, required, spelled = CHANNELS[name]
        if (method, verb) == ('GET', None):
            return 200, {'channel': name, 'connection_type': kind, 'required_fields': dict(required)}
        if (method, verb) == ('GET', 'status'):
            channel = self._channel_status(state, name)
            return 200, {'channel': name, 'enabled': channel['enabled'], 'connected': channel['connected'],
                         'details': {'awaiting_scan': channel.get('scan_at') is not None}}
        if (method, verb) == ('POST', 'connect'):
            config = body.get('config') if isinstance(body, dict) else None
            if not isinstance(config, dict):
                return 422, {'detail': [{'loc': ['body', 'config'], 'msg': 'Field required', 'type': 'missing'}]}
            missing = [field for field in required if not config.get(field)]
            if missing:
                return 422, {'detail': 'Missing required fields: %s' % ', '.join(missing)}
            stored = state.config()
            stored.setdefault('channels', {})[name] = dict({spelled.get(k, k): v for k, v in config.items()}, enabled=True)
            state.set_config(stored, self.clock.time())
            state.gateway_restarts += 1
            if kind == 'interactive':
                state.channels[name] = {'enabled': True, 'connected': False,
                                        'scan_at': self.clock.time() + self.timings.get('whatsapp_scan', 5.0)}
                return 200, {'channel': name, 'status': 'awaiting_scan', 'qr_data': 'whatsapp-qr:%d' % state.gateway_restarts,
                             'qr_image_base64': PNG, 'message': 'Scan the QR code with WhatsApp'}
            state.channels[name] = {'enabled': True, 'connected': True}
            return 200, {'channel': name, 'status': 'connected', 'qr_data': None, 'qr_image_base64': None,
                         'message': 'Channel connected'}
        if (method, verb) == ('POST', 'disconnect'):
            stored = state.config()
            if name in stored.get('channels', {}):
                stored['channels'][name]['enabled'] = False
                state.set_config(stored, self.clock.time())
            state.channels[name] = {'enabled': False, 'connected': False}
            state.gateway_restarts += 1
            return 204, None
        if (method, verb) == ('POST', 'pair'):
            code = body.get('code') if isinstance(body, dict) else None
            return 200, {'channel': name, 'code': code, 'status': 'paired', 'output': 'Approved pairing code %s' % code}
        return 405, {'detail': 'Method Not Allowed'}

    # --- messages ------------------------------------------------------------

    def _respond(self, method, inst, body):
        if method != 'POST':
            return 405, {'detail': 'Method Not Allowed'}
        body = body if isinstance(body, dict) else {}
        for field in ('model', 'input'):
            if not isinstance(body.get(field), str) or not body[field]:
                return 422, {'detail': [{'loc': ['body', field], 'msg': 'Field required', 'type': 'missing'}]}
        text = 'You said: %s' % body['input']
        if body.get('instructions'):
            text += ' (%s)' % body['instructions']
        tokens = len(body['input'].split())
        return 200, {'id': 'resp_%s' % inst.id[:8], 'object': 'response', 'status': 'completed', 'model': body['model'],
                     'output': [{'type': 'message', 'role': 'assistant', 'content': [{'type': 'output_text', 'text': text}]}],
                     'usage': {'input_tokens': tokens, 'output_tokens': len(text.split()),
                               'total_tokens': tokens + len(text.split())}}
