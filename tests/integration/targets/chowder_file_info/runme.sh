#!/usr/bin/env bash
set -eu
source ../setup_simulator/start.sh
source ../setup_simulator/run-playbook.sh
export CHOWDER_API_KEY=chd_org_integration_file_info_secret
run_playbook playbook.yml chd_org_integration_file_info_secret 123:file-info-telegram-secret
