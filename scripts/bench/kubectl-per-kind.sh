#!/usr/bin/env bash
# A well-written kubectl baseline for the benchmark: as few kubectl processes as the same conclusions allow
# (one `get` per group of kinds, several kinds per call, jsonpath instead of JSON), then one awk to summarise.
# It reaches the verdict validate.sh reaches on a fleet (which objects are not Ready, and why), not its depth.
#   scripts/bench/kubectl-per-kind.sh --kubeconfig FILE [--context NAME]
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
command -v "$KUBECTL" >/dev/null 2>&1 || { echo "kubectl-per-kind: $KUBECTL not found on PATH" >&2; exit 127; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
k() { "$KUBECTL" "${args[@]}" --cache-dir "$work/cache" --request-timeout 20s "$@"; }
READY='{.status.conditions[?(@.type=="Ready")].status}'
WHY='{.status.conditions[?(@.type=="Ready")].reason}: {.status.conditions[?(@.type=="Ready")].message}'
ROWS="{range .items[*]}{.kind}/{.metadata.namespace}/{.metadata.name}{\"\\t\"}$READY{\"\\t\"}$WHY{\"\\n\"}{end}"

# 1. the operator (wherever it runs) and its pods, in one call
k get deployments,pods -A -l app.kubernetes.io/name=flux-operator \
  -o jsonpath='{range .items[*]}{.kind}/{.metadata.namespace}/{.metadata.name}{"\t"}{.status.availableReplicas}{.status.phase}{"\n"}{end}' \
  >"$work/operator.tsv" 2>"$work/operator.err" || { echo "✗ cannot reach the API server: $(head -n1 "$work/operator.err")"; exit 3; }
ns=$(awk -F/ 'NR==1 {print $2}' "$work/operator.tsv")
ns=${ns:-flux-system}
# 2. the instance, the controllers and their pods, the UI Service
k get fluxinstances.fluxcd.controlplane.io,fluxreports.fluxcd.controlplane.io -A -o jsonpath="$ROWS" >"$work/instance.tsv" 2>/dev/null
k get deployments,pods -n "$ns" -l app.kubernetes.io/part-of=flux \
  -o jsonpath='{range .items[*]}{.kind}/{.metadata.namespace}/{.metadata.name}{"\t"}{.status.availableReplicas}{.status.phase}{"\n"}{end}' >"$work/controllers.tsv" 2>/dev/null
k get services,endpointslices -n "$ns" -o jsonpath='{range .items[*]}{.kind}/{.metadata.name}{"\n"}{end}' >"$work/ui.tsv" 2>/dev/null
# 3. every Flux object, all kinds in one call: Ready status, reason and message
k get gitrepositories.source.toolkit.fluxcd.io,ocirepositories.source.toolkit.fluxcd.io,helmrepositories.source.toolkit.fluxcd.io,helmcharts.source.toolkit.fluxcd.io,buckets.source.toolkit.fluxcd.io,kustomizations.kustomize.toolkit.fluxcd.io,helmreleases.helm.toolkit.fluxcd.io,receivers.notification.toolkit.fluxcd.io,alerts.notification.toolkit.fluxcd.io,providers.notification.toolkit.fluxcd.io \
  -A -o jsonpath="$ROWS" >"$work/flux.tsv" 2>/dev/null
# 4. recent warnings
k get events -A --field-selector type=Warning -o jsonpath='{range .items[*]}{.involvedObject.kind}/{.involvedObject.namespace}/{.involvedObject.name}{"\t"}{.reason}{"\n"}{end}' >"$work/events.tsv" 2>/dev/null

awk -F'\t' '
  FILENAME ~ /flux.tsv$|instance.tsv$/ { n++; if ($2 != "True" && $2 != "") { bad++; if (bad <= 20) print "✗ " $1 " " $3 } }
  FILENAME ~ /events.tsv$/ { warnings++ }
  END { printf "%d Flux objects, %d not Ready, %d warning events\n", n, bad, warnings; exit (bad > 0) }
' "$work/instance.tsv" "$work/flux.tsv" "$work/events.tsv"
