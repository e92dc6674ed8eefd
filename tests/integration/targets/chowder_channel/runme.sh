#!/usr/bin/env bash
set -eu
source ../setup_simulator/start.sh
source ../setup_simulator/run-playbook.sh
export CHOWDER_API_KEY=chd_org_integration_channel_secret
run_playbook playbook.yml chd_org_integration_channel_secret 123:integration-telegram-secret
