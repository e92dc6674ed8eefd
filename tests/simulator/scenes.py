"""The control interface every simulator has, in process or not: scenes, faults, and the requests it served."""

from __future__ import annotations


class Scenes:
    """What tests call on a simulator, built on its control(method, path, body)."""

    def control(self, method, path, body=None):
        """Call the control API (each simulator says how)."""
        raise NotImplementedError((method, path, body))

    def reset(self, instances_by_key, **config):
        """A new ClawHosters scene: {key: [instance spec]}; returns {key: [ids]}."""
        return self.control('POST', '/reset', dict(config, clawhosters=instances_by_key))['clawhosters']

    def reset_chowder(self, orgs, **config):
        """A new Chowder scene: {org key: [instance spec] or {instances, model_providers, ...}}; returns {key: [ids]}."""
        return self.control('POST', '/reset', dict(config, chowder=orgs))['chowder']

    def requests(self):
        """The API requests served since the last reset or clear, as (method, path, status)."""
        return [(r['method'], r['path'], r['status']) for r in self.control('GET', '/requests')['requests']]

    def clear(self):
        """Forget the requests served so far."""
        self.control('DELETE', '/requests')

    def faults(self, *specs):
        """Add faults."""
        self.control('POST', '/faults', {'faults': list(specs)})

    def instances(self, provider='clawhosters'):
        """The simulator's own view of every instance of a provider, by id."""
        return {inst['id']: inst for inst in self.control('GET', '/%s/instances' % provider)['instances']}

    def organizations(self):
        """The simulator's own view of every Chowder organization, by id: its name, its model keys' SHA-256, its keys."""
        return self.control('GET', '/chowder/organizations')
