#!/usr/bin/env bash
set -eu
source ../setup_simulator/start.sh
source ../setup_simulator/run-playbook.sh
# The play's own key comes from the environment, as users should give it.
export CHOWDER_API_KEY=chd_org_fleet_secret
run_playbook playbook.yml chd_org_fleet_secret
