# -*- coding: utf-8 -*-
# Copyright (c) 2026, openclaw.hosting contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Connection options shared by every Chowder module, and by its inventory plugin."""

from __future__ import annotations


class ModuleDocFragment:
    """The Chowder connection options."""

    DOCUMENTATION = r"""
options:
  api_key:
    description:
      - The Chowder API key.
      - An organization key (C(chd_org_...)) can do everything. A scoped key (C(chd_sk_...)) can only read, and
        with the C(configure) permission update, the instances it was given, by id; tasks that list,
        create, start, stop or delete fail with a message saying an organization key is needed.
        A ClawHosters key (C(oc_live_...)) is refused before any request.
      - If not set, the value of the E(CHOWDER_API_KEY) environment variable is used. An environment variable set to an
        empty string, or only white space, counts as not set, for every option (what Automation Platform injects for a
        credential field left blank).
      - It is never printed; keep it in Ansible Vault or the environment. ansible-core's own debug mode
        (E(ANSIBLE_DEBUG=1)) prints every module argument whatever C(no_log) says; a key given through the
        environment variable is not an argument and stays hidden there too.
    type: str
    required: true
  api_url:
    description:
      - The base URL of the Chowder API.
      - If not set, the value of the E(CHOWDER_API_URL) environment variable is used, else the default.
      - It must start with C(https://). Plain C(http://) is accepted only for loopback hosts
        (C(127.0.0.0/8), C(::1), C(localhost)), for local simulators and tunnels.
    type: str
    default: https://api.chowder.dev/v1
  api_timeout:
    description:
      - Seconds to wait for the API to connect and to answer, for each request; 1 to 600.
      - Chowder answers a start once the sandbox is awake, which takes about 10 to 15 seconds; keep this above that.
      - If not set, the value of the E(CHOWDER_API_TIMEOUT) environment variable is used, else the default.
    type: int
    default: 30
  api_retries:
    description:
      - How many times one request is retried after a transient failure before the task fails; 0 to 20.
      - Reads (GET) are retried after connection errors, timeouts, HTTP 500, 502, 503 and 504 with capped
        exponential backoff. Any request is retried after HTTP 429.
      - Changes (create, update, start, stop, delete) are never sent again blindly; after a failure the instance
        is read again and the next step is planned from what it shows.
    type: int
    default: 5
  validate_certs:
    description:
      - Whether to verify the API's TLS certificate. Leave it on outside tests.
      - If not set, the value of the E(CHOWDER_VALIDATE_CERTS) environment variable is used, else the default.
      - A private CA can be given with the standard E(REQUESTS_CA_BUNDLE) environment variable.
    type: bool
    default: true
requirements:
  - requests
notes:
  - "The modules run on the controller: use them in a play on C(localhost) or with C(delegate_to: localhost)."
  - "All Chowder modules belong to the action group C(openclaw.hosting.chowder), so the connection
    options can be set once for a play with C(module_defaults: {group/openclaw.hosting.chowder: {api_key: ...}})."
  - Chowder enforces no rate limit today; should it send C(X-RateLimit-*) headers or HTTP 429, the modules wait for
    the window as they do on ClawHosters.
"""

    # The same connection for the inventory plugin, whose options come from the file or the environment.
    INVENTORY = r"""
options:
  api_key:
    description:
      - The Chowder organization key (C(chd_org_...)); a scoped key cannot list instances.
      - If the inventory file does not set it, the value of the E(CHOWDER_API_KEY) environment variable is used.
      - In the file, keep it encrypted with Ansible Vault (C(!vault)); better, leave it out and set the environment variable.
      - It may be a template, rendered with the extra variables, such as C("{{ vault_api_key }}") with
        C(-e @vault.yml), or an C(env) lookup.
    type: str
    env:
      - name: CHOWDER_API_KEY
  api_url:
    description:
      - The base URL of the Chowder API. It must start with C(https://); C(http://) is accepted only for loopback hosts.
      - It may be a template, as O(api_key) may.
    type: str
    default: https://api.chowder.dev/v1
    env:
      - name: CHOWDER_API_URL
  api_timeout:
    description:
      - Seconds to wait for the API to connect and to answer, a whole number from 1 to 600.
      - An empty value (an environment variable set to an empty string) counts as not set, as for every option here.
    type: raw
    default: 30
    env:
      - name: CHOWDER_API_TIMEOUT
  validate_certs:
    description:
      - Whether to verify the API's TLS certificate. A private CA can be given with E(REQUESTS_CA_BUNDLE).
      - V(true) or V(false) (also V(yes), V(no), V(on), V(off), V(1), V(0)); an empty value counts as not set, never
        as false.
    type: raw
    default: true
    env:
      - name: CHOWDER_VALIDATE_CERTS
        version_added: 1.1.0
requirements:
  - requests
notes:
  - "The inventory plugin runs in the controller's Python, but the modules run in the one
    C(ansible_python_interpreter) names for C(localhost); both need C(requests) (C(pip install requests))."
"""
