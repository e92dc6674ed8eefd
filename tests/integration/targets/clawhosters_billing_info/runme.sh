#!/usr/bin/env bash
set -eu
source ../setup_simulator/start.sh
source ../setup_simulator/run-playbook.sh
# The play's own key comes from the environment, as users should give it; tasks about other keys pass them.
export CLAWHOSTERS_API_KEY=oc_live_billing_secret
run_playbook playbook.yml oc_live_billing_secret oc_live_billing_wrong_secret
