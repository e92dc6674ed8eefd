#!/usr/bin/env bash
# Adopt, clone and restore a hand-built agent: export it (module and playbook), fill in secrets.yml, apply.yml changes
# nothing; a clone applies as a new agent; a restore point brings the memory back.
set -eu
source ../setup_simulator/start.sh
source ../setup_simulator/run-playbook.sh
export CHOWDER_API_KEY=chd_org_integration_export_secret CHOWDER_API_URL="$SIM_URL/v1"
EXPORT_DEST="$(mktemp -d)"
export EXPORT_DEST
secrets=(chd_org_integration_export_secret ghp-integration-export-secret 123:telegram-integration-export-secret
         gateway-integration-export-secret weather-integration-export-secret)
run_playbook export.yml "${secrets[@]}"
# adopt: apply.yml with the real values changes nothing
output="$(ansible-playbook "$EXPORT_DEST/support-bot/apply.yml" -i "${INVENTORY_PATH:-localhost,}" 2>&1)" || { echo "$output"; exit 1; }
echo "$output" | grep -Eq 'localhost +: ok=[0-9]+ +changed=0 +unreachable=0 +failed=0' || { echo "$output"; echo "FAILED: apply.yml changed the agent"; exit 1; }
# the playbook, from the installed collection: with memory this time
mkdir "$EXPORT_DEST/pb"
output="$(ansible-playbook openclaw.hosting.agent_export -i "${INVENTORY_PATH:-localhost,}" -e agent=support-bot \
  -e dest="$EXPORT_DEST/pb" -e include=config,workspace,memory 2>&1)" || { echo "$output"; exit 1; }
echo "$output" | grep -q 'support-bot: 9 files written. Give each variable of secrets.yml its value' || { echo "$output"; exit 1; }
[ -f "$EXPORT_DEST/pb/support-bot/files/workspace/memory/2026-12-01.md" ] || { echo "FAILED: the memory was not exported"; exit 1; }
for secret in "${secrets[@]}"; do
  if grep -rqF "$secret" "$EXPORT_DEST/pb" <(echo "$output"); then echo "FAILED: a secret in the export or its output"; exit 1; fi
done
run_playbook clone.yml "${secrets[@]}"
rm -rf "$EXPORT_DEST"
