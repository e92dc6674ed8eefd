#!/usr/bin/env bash
set -eu
source ../setup_simulator/start.sh
source ../setup_simulator/run-playbook.sh
run_playbook playbook.yml chd_org_integration_secret_one chd_org_integration_secret_two chd_sk_integration_scoped_secret
