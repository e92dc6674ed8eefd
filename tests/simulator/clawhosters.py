"""The ClawHosters API as the documentation describes it, served under /api/v1."""

from __future__ import annotations

import re
import threading
import time

from .clock import RealClock

BASE_PATH = '/api/v1'

LIST_FIELDS = ('id', 'name', 'status', 'tier', 'billing_mode', 'ip_address', 'health_status', 'created_at', 'provisioned_at')
ACTION_FIELDS = ('id', 'name', 'status', 'tier', 'can_start', 'can_stop', 'can_restart')

# The documented action availability; a status not listed allows nothing.
# pending_configuration is not in the tables: its container is up, so it can be stopped.
FLAGS_BY_STATUS = {
    'running': (False, True, True),
    'stopped': (True, False, False),
    'pending_configuration': (False, True, False),
}

ACTION_WORDS = {'start': 'started', 'stop': 'stopped', 'restart': 'restarted'}

DEFAULT_TIMINGS = {
    'provisioning': 30.0,  # Hetzner VPS creation
    'deploying': 45.0,  # OpenClaw install
    'action': 3.0,  # start / stop take effect this long after the request
    'restart': 5.0,
    'deleting': 5.0,  # the record lingers as "deleting", then 404s
}

DAILY_CLAWS = {'budget': 60, 'balanced': 105, 'pro': 175}  # the March 2026 price list
LOW_BALANCE_DAYS = 3  # the first warning email goes out with 3 days left
DEFAULT_ACCOUNT = {'claws_balance': 1000, 'subscription_status': 'active', 'subscription_tier': 'none'}

INSTANCE_PATH = re.compile(r'^/instances/(?P<id>[^/]+)(?:/(?P<action>start|stop|restart))?$')


def error(status, code, message, details=None):
    """An error response in the ClawHosters envelope."""
    body = {'code': code, 'message': message}
    if details:
        body['details'] = details
    return status, {'error': body}


def not_found():
    """The documented 404 (also for another account's instance)."""
    return error(404, 'not_found', 'Instance not found')


def iso(ts):
    """ISO 8601 UTC with a Z suffix, as the API writes timestamps."""
    return time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime(ts))


class Instance:
    """One instance and the transitions scheduled for it."""

    def __init__(self, instance_id, owner, spec, now):
        self.id = instance_id
        self.owner = owner
        self.name = spec.get('name', 'instance-%d' % instance_id)
        self.tier = spec.get('tier', 'balanced')
        self.billing_mode = spec.get('billing_mode', 'daily')
        self.subscription_active = spec.get('subscription_active', self.billing_mode == 'monthly')
        self.llm_configured = spec.get('llm_configured', True)
        self.telegram_configured = spec.get('telegram_configured', False)
        self.health_override = spec.get('health_status')
        self.created_at = now
        self.provisioned_at = None
        self.ip_address = None
        self.status = 'provisioning'
        self.busy_until = 0.0
        self.schedule = []  # (due time, {field: value}) in time order


class ClawHosters:
    """The model: accounts, instances, their state machine and the endpoints."""

    rate_limited = True  # 100 requests per minute per key, with X-RateLimit-* headers

    def __init__(self, clock=None):
        self.clock = clock or RealClock()
        self.lock = threading.RLock()
        self.timings = dict(DEFAULT_TIMINGS)
        self.accounts = {}
        self.billing = {}
        self.instances = {}
        self.next_id = 101

    def reset(self, accounts, timings=None, billing=None):
        """Start over with these accounts ({key: [instance spec, ...]}); returns their ids.

        `billing` gives an account's balance and subscription ({key: {claws_balance, ...}}).
        """
        with self.lock:
            self.timings = dict(DEFAULT_TIMINGS, **(timings or {}))
            self.billing = {key: dict(DEFAULT_ACCOUNT, **(billing or {}).get(key, {})) for key in accounts}
            self.accounts = {}
            self.instances = {}
            created = {}
            for key, specs in accounts.items():
                self.accounts[key] = []
                created[key] = [self.add(key, spec)['id'] for spec in specs]
            return created

    def knows(self, key):
        """Whether the key belongs to an account."""
        return key in self.accounts

    def add(self, key, spec):
        """Create an instance for an account from a test's spec; returns its raw state."""
        with self.lock:
            now = self.clock.time()
            inst = Instance(spec.get('id', self.next_id), key, spec, now)
            self.next_id = max(self.next_id, inst.id) + 1
            self.accounts.setdefault(key, []).append(inst.id)
            self.instances[inst.id] = inst
            status = spec.get('status', 'running')
            if status == 'provisioning':
                self._provision(inst, now)
            else:
                self._set_status(inst, status, now)
            for step in spec.get('then', []):
                self._schedule(inst, now + float(step['after']), {'status': step['status']})
            return self.raw(inst)

    def patch(self, instance_id, changes):
        """Let a test change an instance's fields directly (status, health, ...)."""
        with self.lock:
            inst = self.instances.get(int(instance_id))
            if inst is None:
                return None
            if 'status' in changes:
                self._set_status(inst, changes['status'], self.clock.time())
            for field in ('llm_configured', 'subscription_active', 'name'):
                if field in changes:
                    setattr(inst, field, changes[field])
            if 'health_status' in changes:
                inst.health_override = changes['health_status']
            return self.raw(inst)

    def patch_billing(self, key, changes):
        """Let a test change an account's balance or subscription; returns the account, None when the key has none."""
        with self.lock:
            if key not in self.billing:
                return None
            self.billing[key].update({field: changes[field] for field in DEFAULT_ACCOUNT if field in changes})
            return dict(self.billing[key])

    def snapshot(self):
        """Every instance's raw state, for tests."""
        with self.lock:
            return [self.raw(inst) for inst in self._live()]

    def raw(self, inst):
        """The detail view plus the simulator's own bookkeeping."""
        return dict(self._detail(inst, self.clock.time()), busy=inst.busy_until > self.clock.time())

    # --- the state machine ---------------------------------------------------

    def _set_status(self, inst, status, now):
        inst.status = status
        if status in ('running', 'stopped', 'pending_configuration', 'paused', 'error') and inst.provisioned_at is None:
            inst.provisioned_at = now
        if status in ('running', 'stopped', 'pending_configuration') and inst.ip_address is None:
            inst.ip_address = '2a01:4f8:c0c:%x::1' % inst.id
        if status == 'deleting':
            inst.ip_address = None

    def _provision(self, inst, now):
        self._set_status(inst, 'provisioning', now)
        deployed = now + self.timings['provisioning']
        self._schedule(inst, deployed, {'status': 'deploying'})
        self._schedule(inst, deployed + self.timings['deploying'], {'status': self._up_status(inst)})

    @staticmethod
    def _up_status(inst):
        return 'running' if inst.llm_configured else 'pending_configuration'

    @staticmethod
    def _schedule(inst, due, changes):
        inst.schedule.append((due, changes))
        inst.schedule.sort(key=lambda item: item[0])

    def _advance(self, inst, now):
        while inst.schedule and inst.schedule[0][0] <= now:
            due, changes = inst.schedule.pop(0)
            if changes.get('removed'):
                self.accounts[inst.owner].remove(inst.id)
                del self.instances[inst.id]
                return
            self._set_status(inst, changes['status'], due)

    def _live(self):
        now = self.clock.time()
        for inst in list(self.instances.values()):
            self._advance(inst, now)
        return list(self.instances.values())

    def _flags(self, inst, now):
        if inst.busy_until > now:
            return False, False, False
        return FLAGS_BY_STATUS.get(inst.status, (False, False, False))

    def _health(self, inst, now):
        if inst.status != 'running' or inst.busy_until > now:
            return 'unknown'
        return inst.health_override or 'healthy'

    def _detail(self, inst, now):
        can_start, can_stop, can_restart = self._flags(inst, now)
        return {
            'id': inst.id,
            'name': inst.name,
            'status': inst.status,
            'tier': inst.tier,
            'billing_mode': inst.billing_mode,
            'ip_address': inst.ip_address,
            'health_status': self._health(inst, now),
            'created_at': iso(inst.created_at),
            'provisioned_at': iso(inst.provisioned_at) if inst.provisioned_at else None,
            'can_start': can_start,
            'can_stop': can_stop,
            'can_restart': can_restart,
            'subdomain_url': '%s.clawhosters.com' % inst.name,
            'daily_claw_cost': DAILY_CLAWS.get(inst.tier, 0),
            'llm_configured': inst.llm_configured,
            'telegram_configured': inst.telegram_configured,
        }

    # --- the endpoints -------------------------------------------------------

    def handle(self, method, path, key, body, query=None):  # pylint: disable=unused-argument
        """Serve one authenticated request; returns (HTTP status, JSON body or None). No endpoint takes a body."""
        with self.lock:
            if path == '/instances':
                if method != 'GET':
                    return error(404, 'not_found', 'Not found')
                now = self.clock.time()
                mine = [inst for inst in self._live() if inst.owner == key]
                return 200, {'data': [{f: self._detail(inst, now)[f] for f in LIST_FIELDS} for inst in mine]}
            if path in ('/billing/summary', '/billing/usage'):
                if method != 'GET':
                    return error(404, 'not_found', 'Not found')
                return 200, {'data': self._billing(key, path.rsplit('/', 1)[1])}
            match = INSTANCE_PATH.match(path)
            if not match:
                return error(404, 'not_found', 'Not found')
            inst = self._find(match.group('id'), key)
            if inst is None:
                return not_found()
            action = match.group('action')
            if method == 'GET' and action is None:
                return 200, {'data': self._detail(inst, self.clock.time())}
            if method == 'DELETE' and action is None:
                return self._delete(inst)
            if method == 'POST' and action:
                return self._act(inst, action)
            return error(404, 'not_found', 'Not found')

    def _find(self, raw_id, key):
        if not raw_id.isdigit():
            return None
        self._live()
        inst = self.instances.get(int(raw_id))
        if inst is None or inst.owner != key:
            return None
        return inst

    def _act(self, inst, action):
        now = self.clock.time()
        can_start, can_stop, can_restart = self._flags(inst, now)
        allowed = {'start': can_start, 'stop': can_stop, 'restart': can_restart}[action]
        if not allowed:
            return error(422, 'unprocessable_entity', 'Instance cannot be %s in its current state' % ACTION_WORDS[action])
        if action == 'restart':
            inst.busy_until = now + self.timings['restart']
            expected = 'running'
        else:
            inst.busy_until = now + self.timings['action']
            expected = self._up_status(inst) if action == 'start' else 'stopped'
            self._schedule(inst, inst.busy_until, {'status': expected})
        view = dict(self._detail(inst, now), status=expected)
        view.update(zip(('can_start', 'can_stop', 'can_restart'), FLAGS_BY_STATUS.get(expected, (False, False, False))))
        return 200, {'data': {f: view[f] for f in ACTION_FIELDS}}

    def _delete(self, inst):
        now = self.clock.time()
        if inst.status == 'deleting' or (inst.billing_mode == 'monthly' and inst.subscription_active):
            return error(422, 'unprocessable_entity', 'Instance cannot be deleted in its current state')
        inst.schedule = []
        inst.busy_until = 0.0
        self._set_status(inst, 'deleting', now)
        self._schedule(inst, now + self.timings['deleting'], {'removed': True})
        return 200, {'data': self._detail(inst, now)}

    def _billing(self, key, view):
        """The account's billing summary or usage, following the instances it holds.

        Daily-billed instances cost their tier's Claws while running; stopped,
        paused and monthly-billed ones cost none.
        """
        mine = [inst for inst in self._live() if inst.owner == key]
        usage = [{'id': inst.id, 'name': inst.name, 'tier': inst.tier, 'status': inst.status, 'billing_mode': inst.billing_mode,
                  'daily_claws': DAILY_CLAWS.get(inst.tier, 0) if inst.billing_mode == 'daily' and inst.status == 'running' else 0}
                 for inst in mine]
        daily = sum(item['daily_claws'] for item in usage)
        if view == 'usage':
            return {'daily_total': daily, 'instances': usage, 'addons': []}
        account = self.billing.get(key, DEFAULT_ACCOUNT)
        days = account['claws_balance'] // daily if daily else None
        return {
            'claws_balance': account['claws_balance'],
            'daily_claw_cost': daily,
            'days_remaining': days,
            'low_balance': days is not None and days <= LOW_BALANCE_DAYS,
            'subscription_status': account['subscription_status'],
            'subscription_tier': account['subscription_tier'],
            'instances_count': len(mine),
            'running_instances_count': sum(1 for inst in mine if inst.status == 'running'),
        }
