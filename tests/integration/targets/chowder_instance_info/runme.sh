#!/usr/bin/env bash
set -eu
source ../setup_simulator/start.sh
source ../setup_simulator/run-playbook.sh
# The play's own key comes from the environment, as users should give it; tasks about other keys pass them.
export CHOWDER_API_KEY=chd_org_integration_info_secret
run_playbook playbook.yml chd_org_integration_info_secret chd_sk_integration_info_scoped
