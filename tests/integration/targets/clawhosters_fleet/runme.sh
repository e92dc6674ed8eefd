#!/usr/bin/env bash
set -eu
source ../setup_simulator/start.sh
source ../setup_simulator/run-playbook.sh
# The play's own key comes from the environment, as users should give it.
export CLAWHOSTERS_API_KEY=oc_live_fleet_secret
run_playbook playbook.yml oc_live_fleet_secret
