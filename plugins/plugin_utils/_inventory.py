# -*- coding: utf-8 -*-
# Copyright (c) 2026, openclaw.hosting contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The inventory plugins' shared base: one list request per parse, hosts, host variables, groups, cache.

Each provider's plugin is this class with its profile; it reads instances
through the same client as the modules. Host names never take over a host the
inventory already has (from another source) or a reserved name; fields that may
hold secrets stay out of host variables and the cache unless the file asks for them.
"""

from __future__ import annotations

import hashlib
from typing import Any, Dict, Mapping, Sequence, Tuple

from ansible.errors import AnsibleError, AnsibleParserError
from ansible.plugins.inventory import BaseInventoryPlugin, Cacheable, Constructable

from ansible_collections.openclaw.hosting.plugins.module_utils._client import Client
from ansible_collections.openclaw.hosting.plugins.module_utils._connection import (
    DEFAULT_API_TIMEOUT, InvalidOptions, connect, given, retries_problem, switch, switch_problem,
)
from ansible_collections.openclaw.hosting.plugins.module_utils._errors import ApiError
from ansible_collections.openclaw.hosting.plugins.module_utils._instance_filter import FIELD_FILTERS, InstanceFilter, instance_filter
from ansible_collections.openclaw.hosting.plugins.module_utils._messages import api_failure, invalid_options, unexpected
from ansible_collections.openclaw.hosting.plugins.module_utils._profile import Profile
from ansible_collections.openclaw.hosting.plugins.module_utils._words import quoted
from ansible_collections.openclaw.hosting.plugins.plugin_utils._host_names import (RESERVED_HOSTS, host_names, listed_by_default,
                                                                                   renaming_warnings)


TEMPLATED_OPTIONS = ('api_key', 'api_url')  # rendered with the extra vars: a vaulted variable, a lookup


class InstanceInventory(BaseInventoryPlugin, Constructable, Cacheable):
    """Every instance a key can see, as an inventory host named after the instance."""

    NAME = ''
    PROFILE: Profile

    def verify_file(self, path: str) -> bool:
        """Only files whose names end in <provider>.yml or <provider>.yaml, such as openclaw.clawhosters.yml."""
        return super().verify_file(path) and path.endswith(('%s.yml' % self.PROFILE.name, '%s.yaml' % self.PROFILE.name))

    def parse(self, inventory: Any, loader: Any, path: str, cache: bool = True) -> None:
        """Add the instances (from the cache when allowed and present) to the inventory."""
        super().parse(inventory, loader, path, cache)
        try:
            self._parse(path, cache)
        except AnsibleError:
            raise
        except Exception as error:  # pylint: disable=broad-exception-caught  # a bug: a message, and the traceback at -vvv
            raise AnsibleParserError(unexpected(error), orig_exc=error) from error

    def _parse(self, path: str, cache: bool) -> None:
        """What parse() does: read the options, then the instances (from the cache when allowed), then populate."""
        self._read_config_data(path)
        self._template_options()
        options = {FIELD_FILTERS[field]: self.get_option(FIELD_FILTERS[field]) for field in self.PROFILE.schema.filter_fields}
        wanted, problems = instance_filter(self.PROFILE, dict(options, name_pattern=self.get_option('name_pattern')))
        client = self._client(problems)
        cache_key = self._cache_key(path)
        use_cache = self.get_option('cache') and cache
        instances = None
        if use_cache:
            instances = self._cache.get(cache_key)
        if instances is None:
            try:
                instances = [self._without_secrets(instance) for instance in client.list_instances()]
            except ApiError as error:
                raise AnsibleParserError(api_failure(error, self.PROFILE, 'listing instances for the inventory').msg) from error
            if self.get_option('cache'):
                self._cache[cache_key] = instances
            if client.window.problem and self.display.verbosity >= 1:
                self.display.warning(client.window.problem)
        self._populate(instances, wanted)

    def _template_options(self) -> None:
        """Render TEMPLATED_OPTIONS that are templates ("{{ vault_claw_key }}", an env lookup) with the extra vars."""
        self.templar.available_variables = self._vars
        for name in TEMPLATED_OPTIONS:
            value = self.get_option(name)
            if not isinstance(value, str):
                continue
            try:
                self.set_option(name, self.templar.template(value))
            except AnsibleError as error:
                said = str(error).replace(value, '<its template>') if name == 'api_key' else str(error)
                raise AnsibleParserError('%s in the %s inventory file could not be templated: %s' % (name, self.NAME, said)) from None

    def _without_secrets(self, instance: Mapping[str, Any]) -> Dict[str, Any]:
        """The instance without its secret fields, unless include_secret_fields asks for them."""
        if not self.PROFILE.schema.secret_fields or self.get_option('include_secret_fields'):
            return dict(instance)
        return {field: value for field, value in instance.items() if field not in self.PROFILE.schema.secret_fields}

    def _client(self, problems: Sequence[str]) -> Client:
        """A client from the options (file, else environment), or a clear error before any request naming every
        problem of the options, the caller's `problems` included. validate_certs is read here (its option is raw, so
        that an empty environment variable counts as not set, and never as false)."""
        api_key, api_url, api_timeout = self._connection()
        retries, certs = self.get_option('api_retries'), given(self.get_option('validate_certs'))
        certs = True if certs is None else certs
        problems = [*problems, *filter(None, [retries_problem(retries), switch_problem('validate_certs', certs)])]
        try:
            return connect(self.PROFILE, api_key, api_url, api_timeout, where=' in the inventory file', problems=problems,
                           retries=retries, validate_certs=bool(switch(certs)))
        except InvalidOptions as error:
            if error.missing_library:
                raise AnsibleParserError('The %s inventory plugin needs the Python library %s on the controller.'
                                         % (self.NAME, error.missing_library)) from None
            raise AnsibleParserError(invalid_options(error.problems, '%s inventory options' % self.NAME)) from None

    def _connection(self) -> Tuple[Any, str, int]:
        """The key, URL and timeout from the file, else the environment; an empty value (an environment variable set
        to "") counts as not set. The timeout is read here (its option is raw, so that Ansible lets an empty one by)."""
        timeout = given(self.get_option('api_timeout'))
        try:
            seconds = DEFAULT_API_TIMEOUT if timeout is None else int(str(timeout).strip())
        except ValueError:
            raise AnsibleParserError('api_timeout in the %s inventory options must be a whole number of seconds, got %s'
                                     % (self.NAME, quoted(timeout))) from None
        return given(self.get_option('api_key')), given(self.get_option('api_url')) or self.PROFILE.wire.default_url, seconds

    def _cache_key(self, path: str) -> str:
        """Ansible's key for this file, and a hash of the URL and the key: another account never reads these hosts."""
        api_key, api_url, dummy = self._connection()
        account = '%s\n%s' % (api_url, api_key)
        return '%s_%s' % (self.get_cache_key(path), hashlib.sha256(account.encode()).hexdigest()[:16])

    def _populate(self, instances: Sequence[Mapping[str, Any]], wanted: InstanceFilter) -> None:
        """Add the instances that pass the filters (without a status filter, those not being deleted) as hosts."""
        by_status = 'status' in wanted.values
        chosen = [inst for inst in instances if (by_status or listed_by_default(inst, self.PROFILE)) and wanted.keeps(inst)]
        group = self.inventory.add_group(self.PROFILE.name)
        strict = self.get_option('strict')
        source = self.get_option('hostname')
        taken = set(self.inventory.hosts) | set(RESERVED_HOSTS) | {self.PROFILE.name}
        hosts = host_names(chosen, source, taken)
        for warning in renaming_warnings(hosts, source, self.PROFILE):
            self.display.warning(warning)
        for host, instance in hosts.items():
            self.inventory.add_host(host, group=group)
            variables = host_variables(instance, self.PROFILE)
            for name, value in variables.items():
                self.inventory.set_variable(host, name, value)
            self._set_composite_vars(self.get_option('compose'), variables, host, strict=strict)
            self._add_host_to_composed_groups(self.get_option('groups'), variables, host, strict=strict)
            self._add_host_to_keyed_groups(self.get_option('keyed_groups'), variables, host, strict=strict)


def host_variables(instance: Mapping[str, Any], profile: Profile) -> Dict[str, Any]:
    """Every API field with the provider's prefix, and ansible_host when the instance has an address."""
    variables = {'%s_%s' % (profile.name, field): value for field, value in instance.items()}
    if profile.schema.address_field and instance.get(profile.schema.address_field):
        variables['ansible_host'] = instance[profile.schema.address_field]
    return variables
