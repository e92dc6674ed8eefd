#!/usr/bin/env bash
set -eu
source ../setup_simulator/start.sh
source ../setup_simulator/run-playbook.sh
run_playbook playbook.yml oc_live_billing_secret oc_live_billing_wrong_secret
