#!/usr/bin/env bash
set -eu
source ../setup_simulator/start.sh
source ../setup_simulator/run-playbook.sh
export CHOWDER_API_KEY=chd_org_integration_agent_info_secret
run_playbook playbook.yml chd_org_integration_agent_info_secret chd_sk_integration_agent_info_scoped ghp-integration-agent-info-secret
