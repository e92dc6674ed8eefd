#!/usr/bin/env bash
set -eu
source ../setup_simulator/start.sh
source ../setup_simulator/run-playbook.sh
run_playbook playbook.yml oc_live_rolling_secret chd_org_rolling_secret
