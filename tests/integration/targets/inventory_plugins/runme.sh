#!/usr/bin/env bash
set -eu
source ../setup_simulator/start.sh
source ../setup_simulator/run-playbook.sh
# The inventory files hold no key: the plugins read it from the environment, as users should.
export CLAWHOSTERS_API_KEY=oc_live_inventory_secret CLAWHOSTERS_API_URL="$SIM_URL/api/v1"
export CHOWDER_API_KEY=chd_org_inventory_secret CHOWDER_API_URL="$SIM_URL/v1"
ANSIBLE_INVENTORY_CACHE_CONNECTION="$(mktemp -d)"
export ANSIBLE_INVENTORY_CACHE_CONNECTION
run_playbook check.yml oc_live_inventory_secret chd_org_inventory_secret
# A play that targets an inventory group, one host at a time, with its tasks on the controller.
INVENTORY_PATH=inventory/openclaw.clawhosters.yml run_playbook stop-running.yml oc_live_inventory_secret
run_playbook after-stop.yml oc_live_inventory_secret
rm -rf "$ANSIBLE_INVENTORY_CACHE_CONNECTION"
