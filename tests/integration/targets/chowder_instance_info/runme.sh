#!/usr/bin/env bash
set -eu
source ../setup_simulator/start.sh
source ../setup_simulator/run-playbook.sh
run_playbook playbook.yml chd_org_integration_info_secret chd_sk_integration_info_scoped
