#!/usr/bin/env bash
set -eu
source ../setup_simulator/start.sh
source ../setup_simulator/run-playbook.sh
export CHOWDER_API_KEY=chd_org_integration_agent_secret
run_playbook playbook.yml chd_org_integration_agent_secret sk-ant-integration-agent-secret \
  search-integration-agent-secret 123:integration-agent-telegram-secret
