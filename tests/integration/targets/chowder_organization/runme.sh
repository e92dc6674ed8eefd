#!/usr/bin/env bash
set -eu
source ../setup_simulator/start.sh
source ../setup_simulator/run-playbook.sh
# The play's own key comes from the environment, as users should give it; the model keys are module arguments
# (no_log), and the output must show none of them.
export CHOWDER_API_KEY=chd_org_integration_organization_secret
run_playbook playbook.yml chd_org_integration_organization_secret sk-ant-integration-one sk-oai-integration-one \
  sk-ant-integration-two sk-gem-integration-never
