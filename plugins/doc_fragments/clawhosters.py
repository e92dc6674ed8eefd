# -*- coding: utf-8 -*-
# Copyright (c) 2026, openclaw.hosting contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Connection options shared by every ClawHosters module, and by its inventory plugin."""

from __future__ import annotations


class ModuleDocFragment:
    """The ClawHosters connection options."""

    DOCUMENTATION = r"""
options:
  api_key:
    description:
      - The ClawHosters API key (it starts with C(oc_live_)), created in the dashboard under
        C(Settings > API Keys). A Chowder key (C(chd_org_...), C(chd_sk_...)) is refused before any request.
      - If not set, the value of the E(CLAWHOSTERS_API_KEY) environment variable is used. An environment variable set to an
        empty string, or only white space, counts as not set, for every option (what Automation Platform injects for a
        credential field left blank).
      - It is never printed; keep it in Ansible Vault or the environment. ansible-core's own debug mode
        (E(ANSIBLE_DEBUG=1)) prints every module argument whatever C(no_log) says; a key given through the
        environment variable is not an argument and stays hidden there too.
    type: str
    required: true
  api_url:
    description:
      - The base URL of the ClawHosters API.
      - If not set, the value of the E(CLAWHOSTERS_API_URL) environment variable is used, else the default.
      - It must start with C(https://). Plain C(http://) is accepted only for loopback hosts
        (C(127.0.0.0/8), C(::1), C(localhost)), for local simulators and tunnels.
    type: str
    default: https://clawhosters.com/api/v1
  api_timeout:
    description:
      - Seconds to wait for the API to connect and to answer, for each request; 1 to 600.
      - If not set, the value of the E(CLAWHOSTERS_API_TIMEOUT) environment variable is used, else the default.
    type: int
    default: 30
  api_retries:
    description:
      - How many times one request is retried after a transient failure before the task fails; 0 to 20.
      - Reads (GET) are retried after connection errors, timeouts, HTTP 500, 502, 503 and 504 with capped
        exponential backoff. Any request is retried after HTTP 429, once the rate-limit window has reset;
        in the modules with C(wait_timeout), waiting for the window is not counted as a retry (the deadline bounds it).
      - Actions (start, stop, restart, delete) are never sent again blindly; after a failure the instance is
        read again and the next step is planned from what it shows.
    type: int
    default: 5
  validate_certs:
    description:
      - Whether to verify the API's TLS certificate. Leave it on outside tests.
      - If not set, the value of the E(CLAWHOSTERS_VALIDATE_CERTS) environment variable is used, else the default.
      - A private CA can be given with the standard E(REQUESTS_CA_BUNDLE) environment variable.
    type: bool
    default: true
requirements:
  - requests
notes:
  - "The modules run on the controller: use them in a play on C(localhost) or with C(delegate_to: localhost)."
  - "All ClawHosters modules belong to the action group C(openclaw.hosting.clawhosters), so the connection
    options can be set once for a play with C(module_defaults: {group/openclaw.hosting.clawhosters: {api_key: ...}})."
  - ClawHosters allows 100 requests per minute per key. The modules read the C(X-RateLimit-*) headers and
    wait for the window to reset instead of running into HTTP 429.
"""

    # The same connection for the inventory plugin, whose options come from the file or the environment.
    INVENTORY = r"""
options:
  api_key:
    description:
      - The ClawHosters API key (it starts with C(oc_live_)).
      - If the inventory file does not set it, the value of the E(CLAWHOSTERS_API_KEY) environment variable is used.
      - In the file, keep it encrypted with Ansible Vault (C(!vault)); better, leave it out and set the environment variable.
      - It may be a template, rendered with the extra variables, such as C("{{ vault_api_key }}") with
        C(-e @vault.yml), or an C(env) lookup.
    type: str
    env:
      - name: CLAWHOSTERS_API_KEY
  api_url:
    description:
      - The base URL of the ClawHosters API. It must start with C(https://); C(http://) is accepted only for loopback hosts.
      - It may be a template, as O(api_key) may.
    type: str
    default: https://clawhosters.com/api/v1
    env:
      - name: CLAWHOSTERS_API_URL
  api_timeout:
    description:
      - Seconds to wait for the API to connect and to answer, a whole number from 1 to 600.
      - An empty value (an environment variable set to an empty string) counts as not set, as for every option here.
    type: raw
    default: 30
    env:
      - name: CLAWHOSTERS_API_TIMEOUT
  validate_certs:
    description:
      - Whether to verify the API's TLS certificate. A private CA can be given with E(REQUESTS_CA_BUNDLE).
      - V(true) or V(false) (also V(yes), V(no), V(on), V(off), V(1), V(0)); an empty value counts as not set, never
        as false.
    type: raw
    default: true
    env:
      - name: CLAWHOSTERS_VALIDATE_CERTS
        version_added: 1.1.0
requirements:
  - requests
notes:
  - "The inventory plugin runs in the controller's Python, but the modules run in the one
    C(ansible_python_interpreter) names for C(localhost); both need C(requests) (C(pip install requests))."
"""
