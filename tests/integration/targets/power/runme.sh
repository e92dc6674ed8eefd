#!/usr/bin/env bash
set -eu
source ../setup_simulator/start.sh
source ../setup_simulator/run-playbook.sh
run_playbook playbook.yml oc_live_power_secret chd_org_power_secret oc_live_power_wrong_secret
