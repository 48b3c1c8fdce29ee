#!/usr/bin/env bash
# The usual way to script these checks, for comparison in the benchmark: one kubectl process per step,
# run one after the other, each output saved, then one node process to summarise what was saved.
# Discovery is cached within a run (kubectl --cache-dir in a fresh temp dir, as ~/.kube/cache would be)
# but never between runs, so every run pays for discovery once.
#   scripts/bench/kubectl-per-step.sh --kubeconfig FILE [--context NAME]
# Exit: 0 all Ready, 1 some object not Ready, 3 the API server could not be reached, 127 no kubectl.
set -u
KUBECTL=${KUBECTL:-kubectl}
args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --kubeconfig) args+=(--kubeconfig "$2"); shift 2 ;;
    --context) args+=(--context "$2"); shift 2 ;;
    *) echo "usage: $0 --kubeconfig FILE [--context NAME]" >&2; exit 2 ;;
  esac
done
command -v "$KUBECTL" >/dev/null 2>&1 || { echo "kubectl-per-step: $KUBECTL not found on PATH" >&2; exit 127; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
k() { "$KUBECTL" "${args[@]}" --cache-dir "$work/cache" --request-timeout 20s "$@"; }
step=0
# save NAME kubectl-args...: one kubectl process, JSON output kept for the summary.
save() {
  local name=$1; shift
  step=$((step + 1))
  if ! k "$@" -o json >"$work/$name.json" 2>"$work/$name.err"; then
    echo "✗ $name: $(head -n1 "$work/$name.err")"
  fi
}

# 1. connectivity
k version -o json >"$work/version.json" 2>"$work/version.err" || { echo "✗ cannot reach the API server: $(head -n1 "$work/version.err")"; exit 3; }
step=1
# 2. the operator, wherever it runs; its namespace is where the rest of the control plane lives
save operator-deployments get deployments -A -l app.kubernetes.io/name=flux-operator
ns=$(grep -m1 '"namespace"' "$work/operator-deployments.json" | sed -E 's/.*"namespace": *"([^"]*)".*/\1/')
ns=${ns:-flux-system}
save operator-pods get pods -n "$ns" -l app.kubernetes.io/name=flux-operator
# 3. FluxInstance and FluxReport
save fluxinstances get fluxinstances.fluxcd.controlplane.io -A
save fluxreports get fluxreports.fluxcd.controlplane.io -A
# 4. controllers
save controller-deployments get deployments -n "$ns" -l app.kubernetes.io/part-of=flux
save controller-pods get pods -n "$ns" -l app.kubernetes.io/part-of=flux
# 5. sources
for r in gitrepositories ocirepositories helmrepositories helmcharts buckets; do
  save "$r" get "$r.source.toolkit.fluxcd.io" -A
done
# 6. Kustomizations and HelmReleases
save kustomizations get kustomizations.kustomize.toolkit.fluxcd.io -A
save helmreleases get helmreleases.helm.toolkit.fluxcd.io -A
# 7. the Flux UI service and its endpoints
save services get services -n "$ns"
save endpointslices get endpointslices -n "$ns"
# 8. notifications and recent warnings
for r in receivers alerts providers; do
  save "$r" get "$r.notification.toolkit.fluxcd.io" -A
done
save events get events -A --field-selector type=Warning
# 9. permissions: can this identity read everything the checks need, and port-forward to the UI?
denied=0
for r in deployments.apps fluxinstances.fluxcd.controlplane.io fluxreports.fluxcd.controlplane.io \
  gitrepositories.source.toolkit.fluxcd.io ocirepositories.source.toolkit.fluxcd.io helmrepositories.source.toolkit.fluxcd.io \
  helmcharts.source.toolkit.fluxcd.io buckets.source.toolkit.fluxcd.io kustomizations.kustomize.toolkit.fluxcd.io \
  helmreleases.helm.toolkit.fluxcd.io receivers.notification.toolkit.fluxcd.io alerts.notification.toolkit.fluxcd.io \
  providers.notification.toolkit.fluxcd.io events; do
  step=$((step + 1))
  [ "$(k auth can-i list "$r" -A 2>/dev/null)" = yes ] || denied=$((denied + 1))
done
for r in pods services endpointslices.discovery.k8s.io; do
  step=$((step + 1))
  [ "$(k auth can-i list "$r" -n "$ns" 2>/dev/null)" = yes ] || denied=$((denied + 1))
done
step=$((step + 1))
[ "$(k auth can-i create pods --subresource=portforward -n "$ns" 2>/dev/null)" = yes ] || denied=$((denied + 1))

# Summary: one node process reads every saved list (jq is not on every machine).
node - "$work" "$step" "$denied" <<'JS'
const fs = require('fs');
const path = require('path');
const [dir, steps, denied] = process.argv.slice(2);
const lines = [];
let failing = 0;
for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.json') && f !== 'version.json').sort()) {
  let items = [];
  try { items = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')).items || []; } catch { continue; }
  const bad = items.filter((o) => ((o.status && o.status.conditions) || []).some((c) => c.type === 'Ready' && c.status === 'False'));
  failing += bad.length;
  lines.push(`${file.replace(/\.json$/, '')}: ${items.length}${bad.length ? ` (${bad.length} not ready)` : ''}`);
}
console.log(lines.join('\n'));
console.log(`${steps} kubectl processes, ${denied} permissions missing, ${failing} objects not ready`);
process.exitCode = failing > 0 ? 1 : 0;
JS
