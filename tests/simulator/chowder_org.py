"""Chowder's organization, subscription and scoped keys (organization key only), as the documentation describes them.

The organization's model keys are kept and never answered, only their providers; a scoped key is kept as the SHA-256
of its raw key, which only the create answer shows; a revoked or expired key no longer opens anything.
"""

from __future__ import annotations

import datetime
import hashlib
import secrets
import uuid

MODEL_PROVIDERS = ('anthropic', 'openai', 'gemini')
PERMISSIONS = ('read', 'interact', 'configure', 'files', 'channels')
TIERS = {'shrimp': 1, 'crab': 10, 'lobster': 50, 'whale': None}  # tier -> instance limit (None: unlimited)


def invalid(field, message, kind='value_error'):
    """A 422 in FastAPI's validation shape."""
    return 422, {'detail': [{'loc': ['body', field], 'msg': message, 'type': kind}]}


def hashed(raw_key):
    """How the simulator (and Chowder) keeps a key: "sha256:<hex>"."""
    return 'sha256:' + hashlib.sha256(raw_key.encode()).hexdigest()


def fingerprint(secret):
    """What the control API shows of a model key: the hex SHA-256 (a test compares it with `| hash('sha256')`)."""
    return hashlib.sha256(secret.encode()).hexdigest()


def parse_instant(text):
    """An ISO 8601 instant as a POSIX time, or None when it is not one (a time without offset is UTC)."""
    if not isinstance(text, str):
        return None
    try:
        moment = datetime.datetime.fromisoformat(text.strip().replace('Z', '+00:00').replace('z', '+00:00'))
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=datetime.timezone.utc)
    return moment.timestamp()


class Organization:
    """An organization: its key, name, model provider keys and plan."""

    def __init__(self, key, settings, now):
        self.key = key
        self.id = str(uuid.uuid5(uuid.NAMESPACE_URL, 'org:' + key))
        self.name = settings.get('name', 'Organization %s' % self.id[:8])
        self.model_keys = {provider: 'scene-key-%s' % provider for provider in settings.get('model_providers', ['anthropic'])}
        self.tier = settings.get('tier', 'crab')
        self.instance_limit = settings.get('instance_limit', TIERS.get(self.tier, 10))
        self.instances = []  # ids, oldest first
        self.keys = []  # ScopedKey, oldest first
        self.created_at = self.updated_at = now

    @property
    def model_providers(self):
        """The providers the organization holds a key of."""
        return [provider for provider in MODEL_PROVIDERS if provider in self.model_keys]


class ScopedKey:
    """A scoped key: its name, its instances with their permissions, its expiry, whether it was revoked."""

    def __init__(self, org, name, grants, expires_at, now):
        self.id = 'key_%s' % uuid.uuid4().hex[:24]
        self.org = org
        self.name = name
        self.grants = grants  # instance id -> permissions
        self.expires_at = expires_at  # POSIX time, or None
        self.revoked = False
        self.created_at = now

    def active(self, now):
        """Neither revoked nor expired."""
        return not self.revoked and (self.expires_at is None or now < self.expires_at)

    def allows(self, instance_id, permission):
        """Whether the key may use this instance so."""
        return permission in self.grants.get(instance_id, ())


class OrganizationApi:
    """The endpoints /organization, /subscription and /keys; mixed into the Chowder model, which has `orgs`, `scoped`,
    `instances`, `clock`, `lock`, and `iso()` and `error()` from its module."""

    def org_view(self, org):
        live = [i for i in org.instances if self.instances[i].status != 'terminated']
        return {'id': org.id, 'name': org.name, 'model_providers': org.model_providers, 'subscription_tier': org.tier,
                'instance_limit': org.instance_limit, 'instance_count': len(live),
                'created_at': self.iso(org.created_at), 'updated_at': self.iso(org.updated_at)}

    def key_view(self, key, details=False):
        view = {'id': key.id, 'organization_id': key.org.id, 'name': key.name, 'key_prefix': 'chd_sk_',
                'is_active': key.active(self.clock.time()),
                'expires_at': None if key.expires_at is None else self.iso(key.expires_at),
                'created_at': self.iso(key.created_at)}
        if details:
            view['instances'] = [{'instance_id': instance_id, 'permissions': list(permissions)}
                                 for instance_id, permissions in key.grants.items()]
        return view

    def add_scoped_key(self, org, raw_or_hashed, name, grants, expires_at=None):
        """Keep a scoped key (a scene's, or a created one) under its hash."""
        key = ScopedKey(org, name, grants, expires_at, self.clock.time())
        org.keys.append(key)
        self.scoped[raw_or_hashed if raw_or_hashed.startswith('sha256:') else hashed(raw_or_hashed)] = key
        return key

    def handle_org(self, method, path, org, body):
        """Serve /organization, /subscription and /keys[/<id>] for an organization key."""
        if path == '/organization':
            if method == 'GET':
                return 200, self.org_view(org)
            return self._patch_org(org, body) if method == 'PATCH' else (405, {'detail': 'Method Not Allowed'})
        if path == '/subscription' and method == 'GET':
            view = self.org_view(org)
            return 200, {'tier': org.tier, 'instance_limit': org.instance_limit, 'instance_count': view['instance_count'],
                         'stripe_customer_id': 'cus_%s' % org.id[:14], 'stripe_subscription_id': 'sub_%s' % org.id[:14]}
        if path == '/keys':
            if method == 'GET':
                return 200, [self.key_view(key) for key in org.keys]
            return self._create_key(org, body) if method == 'POST' else (405, {'detail': 'Method Not Allowed'})
        found = [key for key in org.keys if path == '/keys/' + key.id]
        if not found:
            return 404, {'detail': 'Not found.' if not path.startswith('/keys/') else 'API key not found.'}
        if method == 'GET':
            return 200, self.key_view(found[0], details=True)
        if method == 'DELETE':
            found[0].revoked = True
            return 204, None
        return 405, {'detail': 'Method Not Allowed'}

    def _patch_org(self, org, body):
        body = body if isinstance(body, dict) else {}
        if 'name' in body and (not isinstance(body['name'], str) or not 1 <= len(body['name']) <= 128):
            return invalid('name', 'String should have between 1 and 128 characters')
        keys = body.get('model_api_keys')
        if keys is not None and not isinstance(keys, dict):
            return invalid('model_api_keys', 'Input should be a valid dictionary', 'dict_type')
        for provider, value in (keys or {}).items():
            if provider not in MODEL_PROVIDERS:
                return invalid('model_api_keys.%s' % provider, "Input should be 'anthropic', 'openai' or 'gemini'", 'enum')
            if not isinstance(value, str):
                return invalid('model_api_keys.%s' % provider, 'Input should be a valid string', 'string_type')
        if 'name' in body:
            org.name = body['name']
        for provider, value in (keys or {}).items():  # merged; "" removes the provider
            if value:
                org.model_keys[provider] = value
            else:
                org.model_keys.pop(provider, None)
        org.updated_at = self.clock.time()
        return 200, self.org_view(org)

    def _create_key(self, org, body):
        body = body if isinstance(body, dict) else {}
        name, ids, permissions = body.get('name'), body.get('instance_ids'), body.get('permissions')
        if not isinstance(name, str) or not 1 <= len(name) <= 128:
            return invalid('name', 'String should have between 1 and 128 characters')
        if not isinstance(ids, list) or not ids or not all(isinstance(i, str) for i in ids):
            return invalid('instance_ids', 'Input should be a non-empty list of instance ids', 'list_type')
        if not isinstance(permissions, list) or not permissions or any(p not in PERMISSIONS for p in permissions):
            return invalid('permissions', 'Input should be a list of %s' % ', '.join(PERMISSIONS), 'enum')
        expires_at = body.get('expires_at')
        if expires_at is not None and parse_instant(expires_at) is None:
            return invalid('expires_at', 'Input should be a valid datetime', 'datetime_parsing')
        for instance_id in ids:
            inst = self.instances.get(instance_id)
            if inst is None or inst.org is not org or inst.status == 'terminated':
                return 404, {'detail': 'Instance %s not found.' % instance_id}
        raw_key = 'chd_sk_' + secrets.token_hex(24)
        key = self.add_scoped_key(org, raw_key, name, {i: tuple(dict.fromkeys(permissions)) for i in ids},
                                  None if expires_at is None else parse_instant(expires_at))
        return 201, dict(self.key_view(key), raw_key=raw_key)

    def control_org(self):
        """The test-facing view of every organization: its name, its model keys' fingerprints, its keys' states."""
        return {org.id: {'name': org.name, 'model_keys': {p: fingerprint(v) for p, v in org.model_keys.items()},
                         'keys': [dict(self.key_view(key, details=True), revoked=key.revoked) for key in org.keys]}
                for org in self.orgs.values()}
