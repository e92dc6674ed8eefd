#!/usr/bin/env bash
set -eu
source ../setup_simulator/start.sh
source ../setup_simulator/run-playbook.sh
# The play's own key comes from the environment, as users should give it; tasks about other keys pass them.
export CLAWHOSTERS_API_KEY=oc_live_integration_secret_one
# Each task's requests are counted exactly, so no list is shared between tasks by name (the reliability suite and the
# unit tests measure the sharing).
export OPENCLAW_HOSTING_LIST_FRESHNESS=0
run_playbook playbook.yml oc_live_integration_secret_one oc_live_integration_secret_two oc_live_wrong_secret
# Users export the key in the controller's environment (a task's `environment:` keyword would
# show it in -vvv output, like any other environment value).
CLAWHOSTERS_API_URL="$SIM_URL/api/v1" run_playbook environment.yml oc_live_integration_secret_one
# Ansible's standard failure when the controller's Python lacks requests.
bare_venv="$(mktemp -d)"
"${ANSIBLE_TEST_PYTHON_INTERPRETER:-python3}" -m venv --without-pip "$bare_venv"
BARE_PYTHON="$bare_venv/bin/python" run_playbook no-requests.yml oc_live_integration_secret_one
rm -rf "$bare_venv"
