#!/usr/bin/env bash
set -eu
source ../setup_simulator/start.sh
source ../setup_simulator/run-playbook.sh
# The play's own key comes from the environment, as users should give it; tasks about other keys pass them.
export CHOWDER_API_KEY=chd_org_integration_secret_one
run_playbook playbook.yml chd_org_integration_secret_one chd_org_integration_secret_two chd_sk_integration_scoped_secret
