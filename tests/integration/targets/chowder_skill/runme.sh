#!/usr/bin/env bash
set -eu
source ../setup_simulator/start.sh
source ../setup_simulator/run-playbook.sh
export CHOWDER_API_KEY=chd_org_integration_skill_secret
run_playbook playbook.yml chd_org_integration_skill_secret search-integration-skill-secret skill-api-key-integration-secret
