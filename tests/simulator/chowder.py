"""The Chowder API as the documentation describes it, served under /v1."""

from __future__ import annotations

import re
import threading
import time

from .chowder_agent import PERMISSION, SUB_PATH, AgentApi
from .chowder_org import MODEL_PROVIDERS, Organization, OrganizationApi
from .clock import RealClock
import uuid

BASE_PATH = '/v1'

DEFAULT_TIMINGS = {
    'provisioning': 90.0,  # create -> running (or error)
    'start': 12.0,  # start answers once the sandbox is awake
    'stop': 1.0,
}

INSTANCE_PATH = re.compile(r'^/instances/(?P<id>[^/]+)(?:/(?P<action>start|stop|status))?$')
ORG_ONLY = 'This endpoint requires an organization key (chd_org_*).'


def error(status, code, message):
    """An error response in FastAPI's shape: {"detail": ...}; Chowder has no code strings."""
    del code
    return status, {'detail': message}


def invalid(field, message, kind='value_error'):
    """A 422 in FastAPI's validation shape."""
    return 422, {'detail': [{'loc': ['body', field], 'msg': message, 'type': kind}]}


def iso(ts):
    """ISO 8601 with microseconds and an offset, as the API reference writes timestamps."""
    return time.strftime('%Y-%m-%dT%H:%M:%S', time.gmtime(ts)) + '.%06d+00:00' % int((ts % 1) * 1e6)


class Instance:
    """One instance and the transition scheduled for it."""

    def __init__(self, org, spec, now):
        self.id = spec.get('id') or str(uuid.uuid4())
        self.org = org
        self.name = spec.get('name', 'instance-%s' % self.id[:8])
        self.status = spec.get('status', 'running')
        self.model_provider = spec.get('model_provider', 'anthropic')
        self.openclaw_version = spec.get('openclaw_version', 'v1')
        self.openclaw_config = spec.get('openclaw_config')
        self.region = spec.get('region')
        self.error_message = spec.get('error_message', 'Sandbox creation failed.' if self.status == 'error' else None)
        self.created_at = self.updated_at = now
        self.ready_at = None  # provisioning ends at this time


class Chowder(OrganizationApi, AgentApi):
    """The model: organizations, scoped keys, instances, their state machine and the endpoints."""

    rate_limited = False  # no limits are enforced today (the docs say they may come)
    iso = staticmethod(iso)

    def __init__(self, clock=None):
        self.clock = clock or RealClock()
        self.lock = threading.RLock()
        self.timings = dict(DEFAULT_TIMINGS)
        self.orgs = {}  # org key -> Organization
        self.scoped = {}  # "sha256:<hex>" of a scoped key -> ScopedKey
        self.instances = {}
        self.agents = {}  # instance id -> AgentState (its files, channels)

    def reset(self, orgs, timings=None):
        """Start over with these organizations; returns the instance ids per org key.

        `orgs` is {org key: [instance spec, ...]} or {org key: {"instances": [...],
        "model_providers": [...], "name": ..., "tier": ..., "instance_limit": n, "scoped_keys": {key: {"instances":
        [index, ...], "permissions": [...], "name": ...}}}}.
        """
        with self.lock:
            self.timings = dict(DEFAULT_TIMINGS, **(timings or {}))
            self.orgs, self.scoped, self.instances, self.agents = {}, {}, {}, {}
            created = {}
            for key, given in orgs.items():
                settings = {'instances': given} if isinstance(given, list) else given
                org = self.orgs[key] = Organization(key, settings, self.clock.time())
                created[key] = [self.add(key, spec)['id'] for spec in settings.get('instances', [])]
                for spec, instance_id in zip(settings.get('instances', []), created[key]):
                    self.seed(self.instances[instance_id], spec.get('agent') or {})
                for number, (scoped_key, grant) in enumerate(settings.get('scoped_keys', {}).items()):
                    permissions = tuple(grant.get('permissions', ['read']))
                    self.add_scoped_key(org, scoped_key, grant.get('name', 'scene key %d' % number),
                                        {created[key][index]: permissions for index in grant.get('instances', [])})
            return created

    def knows(self, key):
        """Whether the key (raw, or "sha256:<hex>") is an organization key or an active scoped key."""
        with self.lock:
            return key in self.orgs or (key in self.scoped and self.scoped[key].active(self.clock.time()))

    def add(self, key, spec):
        """Create an instance for an organization from a test's spec; returns its raw state."""
        with self.lock:
            now = self.clock.time()
            org = self.orgs[key]
            inst = Instance(org, spec, now)
            if inst.status == 'provisioning':
                inst.ready_at = now + float(spec.get('ready_after', self.timings['provisioning']))
            org.instances.append(inst.id)
            self.instances[inst.id] = inst
            return self.raw(inst)

    def patch(self, instance_id, changes):
        """Let a test change an instance's fields directly."""
        with self.lock:
            inst = self.instances.get(instance_id)
            if inst is None:
                return None
            for field in ('status', 'name', 'error_message', 'openclaw_config'):
                if field in changes:
                    setattr(inst, field, changes[field])
            return self.raw(inst)

    def snapshot(self):
        """Every instance's raw state (terminated ones too), for tests."""
        with self.lock:
            return [self.raw(inst) for inst in self.instances.values()]

    def raw(self, inst):
        """The instance object."""
        self._advance(inst, self.clock.time())
        return self._view(inst)

    # --- the state machine ---------------------------------------------------

    def _advance(self, inst, now):
        if inst.status == 'provisioning' and inst.ready_at is not None and inst.ready_at <= now:
            inst.updated_at = inst.ready_at
            inst.ready_at = None
            if inst.model_provider in inst.org.model_providers:
                inst.status = 'running'
            else:
                inst.status = 'error'
                inst.error_message = ("Onboarding failed: the organization has no API key for model provider '%s'. "
                                      'Add one with PATCH /v1/organization.' % inst.model_provider)

    @staticmethod
    def _view(inst):
        up = inst.status in ('running', 'stopped')
        sandbox = 'sb_%s' % inst.id.replace('-', '')[:12]
        return {
            'id': inst.id,
            'organization_id': inst.org.id,
            'name': inst.name,
            'status': inst.status,
            'model_provider': inst.model_provider,
            'sandbox_provider': 'sandbox',
            'sandbox_id': sandbox if up else None,
            'gateway_url': 'https://%s-18789.preview.sandbox.app' % sandbox.replace('_', '-') if up else None,
            'openclaw_version': inst.openclaw_version,
            'openclaw_config': inst.openclaw_config,
            'region': inst.region,
            'error_message': inst.error_message,
            'created_at': iso(inst.created_at),
            'updated_at': iso(inst.updated_at),
        }

    # --- the endpoints -------------------------------------------------------

    def handle(self, method, path, key, body, query=None):
        """Serve one authenticated request (`query`: its query's parameters); returns (HTTP status, JSON body, bytes or
        None)."""
        delay = 0.0
        with self.lock:
            org, grant = (self.orgs[key], None) if key in self.orgs else (self.scoped[key].org, self.scoped[key])
            if path in ('/organization', '/subscription', '/keys') or path.startswith('/keys/'):
                return error(403, None, ORG_ONLY) if grant else self.handle_org(method, path, org, body)
            if path == '/instances':
                if grant:
                    return error(403, None, ORG_ONLY)
                if method == 'GET':
                    now = self.clock.time()
                    mine = [self.instances[i] for i in reversed(org.instances)]
                    for inst in mine:
                        self._advance(inst, now)
                    return 200, [self._view(inst) for inst in mine if inst.status != 'terminated']
                if method == 'POST':
                    return self._create(org, body)
                return error(405, None, 'Method Not Allowed')
            sub = SUB_PATH.match(path)
            match = sub or INSTANCE_PATH.match(path)
            inst = self.instances.get(match.group('id')) if match else None
            if inst is None or inst.org is not org or (grant and inst.id not in grant.grants):
                return error(404, None, 'Instance not found.')
            self._advance(inst, self.clock.time())
            if sub:
                if inst.status == 'terminated':
                    return error(404, None, 'Instance not found.')
                if grant and not grant.allows(inst.id, PERMISSION[sub.group('part')]):
                    return error(403, None, "This key lacks the '%s' permission." % PERMISSION[sub.group('part')])
                return self.handle_agent(method, sub, inst, body, query or {})
            action = match.group('action')
            needed = {'GET': 'read', 'PATCH': 'configure'}.get(method)
            if grant and (needed is None or not grant.allows(inst.id, needed)):
                return error(403, None, ORG_ONLY if needed is None else "This key lacks the '%s' permission." % needed)
            if method == 'GET':
                view = self._view(inst)
                if action == 'status':
                    return 200, {key: view[key] for key in ('id', 'status', 'gateway_url')}
                return (200, view) if action is None else error(405, None, 'Method Not Allowed')
            if inst.status == 'terminated':
                return error(404, None, 'Instance not found.')
            if method == 'PATCH' and action is None:
                return self._update(inst, body or {})
            if method == 'DELETE' and action is None:
                inst.status, inst.ready_at = 'terminated', None
                inst.updated_at = self.clock.time()
                return 204, None
            if method != 'POST' or action not in ('start', 'stop'):
                return error(405, None, 'Method Not Allowed')
            source, target = ('stopped', 'running') if action == 'start' else ('running', 'stopped')
            if inst.status != source:
                return error(409, None, 'Instance is not %s (status: %s).' % (source, inst.status))
            inst.status = target
            inst.updated_at = self.clock.time()
            delay = self.timings[action]
            answer = self._view(inst)
        self.clock.sleep(delay)  # start and stop answer once done
        return 200, answer

    def _create(self, org, body):
        body = body if isinstance(body, dict) else {}
        name = body.get('name')
        if not isinstance(name, str) or not 1 <= len(name) <= 128:
            return invalid('name', 'String should have between 1 and 128 characters')
        provider = body.get('model_provider', 'anthropic')
        if provider not in MODEL_PROVIDERS:
            return invalid('model_provider', "Input should be 'anthropic', 'openai' or 'gemini'", 'enum')
        if body.get('openclaw_config') is not None and not isinstance(body['openclaw_config'], dict):
            return invalid('openclaw_config', 'Input should be a valid dictionary', 'dict_type')
        live = [i for i in org.instances if self.instances[i].status != 'terminated']
        if org.instance_limit is not None and len(live) >= org.instance_limit:
            return error(402, None, 'Instance limit reached (%d/%d). Upgrade your subscription.'
                         % (len(live), org.instance_limit))
        spec = dict(name=name, status='provisioning', model_provider=provider,
                    openclaw_version=body.get('openclaw_version', 'v1'),
                    openclaw_config=body.get('openclaw_config'), region=body.get('region'))
        return 201, self.add(org.key, spec)

    def _update(self, inst, body):
        if 'name' in body and (not isinstance(body['name'], str) or not 1 <= len(body['name']) <= 128):
            return invalid('name', 'String should have between 1 and 128 characters')
        if 'openclaw_config' in body and body['openclaw_config'] is not None and not isinstance(body['openclaw_config'], dict):
            return invalid('openclaw_config', 'Input should be a valid dictionary', 'dict_type')
        for field in ('name', 'openclaw_config'):
            if field in body:
                setattr(inst, field, body[field])
        inst.updated_at = self.clock.time()
        return 200, Chowder._view(inst)
