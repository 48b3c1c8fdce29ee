// The Flux Operator Deployment, found by label (Helm renames it), its pods and its version.
import { FLUX_LABEL } from '../../cluster/inputs.js';
import type { ClusterState } from '../../cluster/state.js';
import { at, name, namespace, str } from '../../kube/fields.js';
import type { KubeObject } from '../../kube/types.js';
import type { CheckOutcome, Finding } from '../../model.js';
import type { Check } from '../check.js';
import { INPUT_REASONS, INSTALL_OPERATOR, OPERATOR_LABEL, connectionSkip, inputFailure, nsName, pushIf, read } from './common.js';
import { kubectl, parts, step } from '../../report/next-step.js';
import { WORKLOAD_REASONS, mainContainer, parseImage, readDeployment, readPod, workloadFindings, type DeploymentState } from './pods.js';

const WHAT = 'Flux Operator';

/** The FluxReport the operator writes: `flux` in its namespace, else any. */
export function fluxReport(reports: readonly KubeObject[], ns: string): KubeObject | undefined {
  return reports.find((r) => name(r) === 'flux' && namespace(r) === ns) ?? reports.find((r) => name(r) === 'flux') ?? reports[0];
}

/** v0.58.1 and 0.58.1 are the same version. */
export function sameVersion(a: string, b: string): boolean {
  return a.replace(/^v/, '') === b.replace(/^v/, '');
}

const SEMVER = /^v?\d+\.\d+\.\d+/;

function versionFacts(d: DeploymentState, state: ClusterState, findings: Finding[], facts: string[]): void {
  const image = mainContainer(d)?.image;
  const tag = image ? parseImage(image).tag : undefined;
  if (image) facts.push(`operator image: ${image}`);
  const reports = read(state, 'fluxReports');
  // The instance check reports an unreadable or missing FluxReport; here it only adds the version.
  const report = reports.ok ? fluxReport(reports.items, d.namespace) : undefined;
  const reported = report ? str(at(report, 'spec', 'operator', 'version')) : undefined;
  if (reported) facts.push(`operator version (FluxReport): ${reported}`);
  if (tag && reported && SEMVER.test(tag) && SEMVER.test(reported) && !sameVersion(tag, reported)) {
    findings.push({
      severity: 'info',
      resource: d.ref,
      reason: 'OperatorVersionMismatch',
      message: `the operator image tag ${tag} differs from the version in FluxReport ${reported}: the report may predate an upgrade (it refreshes every 5 minutes)`,
      ...step('OperatorVersionMismatch', kubectl(parts.namespace(d.namespace), 'get', parts.kind('FluxReport'), 'flux', '-o', 'jsonpath={.spec.operator.version}')),
    });
  }
}

/**
 * Flux installed without the operator (`flux bootstrap`, the flux2 Helm chart): its controllers run, so the
 * missing operator is a fact about how Flux was installed, not a fault; the Flux checks still apply.
 */
function standaloneFlux(state: ClusterState): Finding | undefined {
  const controllers = read(state, 'controllerDeployments');
  if (!controllers.ok || controllers.items.length === 0) return undefined;
  const ns = state.operatorNamespace;
  const names = controllers.items.map((d) => name(d) ?? '').filter(Boolean).sort();
  return {
    severity: 'info',
    resource: { kind: 'Deployment', namespace: ns, name: 'flux-operator' },
    reason: 'OperatorNotInstalled',
    message: `Flux runs without Flux Operator (${names.length} Flux controller Deployments in ${ns}, no Deployment labelled ${OPERATOR_LABEL}): installed by flux bootstrap or the Helm chart; the operator and FluxInstance checks do not apply, the Flux checks do`,
    ...step('OperatorNotInstalled', kubectl(parts.namespace(ns), 'get', 'deployments', '-l', FLUX_LABEL), 'to hand this Flux to the operator with no downtime, install the operator in the same namespace and apply a FluxInstance named flux with the bootstrap settings (Bootstrap migration in reference.md)'),
  };
}

export function runOperator(state: ClusterState): CheckOutcome {
  const skip = connectionSkip(state);
  if (skip) return { findings: [], skipped: skip };
  const findings: Finding[] = [];
  const facts: string[] = [];
  const deployments = read(state, 'operatorDeployments');
  if (!deployments.ok) {
    pushIf(findings, inputFailure(state, 'operatorDeployments', { forbidden: 'warning', impact: 'whether Flux Operator is installed' }));
    if (!deployments.error) facts.push('the operator Deployments were not collected');
    return { findings, facts };
  }
  const ns = state.operatorNamespace;
  if (deployments.items.length === 0) {
    const standalone = standaloneFlux(state);
    if (standalone && !deployments.narrowedTo) {
      findings.push(standalone);
      return { findings, facts };
    }
    const where = deployments.narrowedTo
      ? `in namespace ${deployments.narrowedTo} (the only namespace this user can list)`
      : state.namespaceSource === 'flag'
        ? `in namespace ${ns}`
        : 'in any namespace';
    findings.push({
      severity: deployments.narrowedTo ? 'warning' : 'error',
      resource: { kind: 'Deployment', namespace: ns, name: 'flux-operator' },
      reason: deployments.narrowedTo ? 'OperatorNotFound' : 'OperatorNotInstalled',
      message: `Flux Operator is ${deployments.narrowedTo ? 'not visible' : 'not installed'}: no Deployment labelled ${OPERATOR_LABEL} ${where}`,
      ...(deployments.narrowedTo
        ? step('OperatorNotFound', kubectl(undefined, 'get', 'deployments', '-A', '-l', OPERATOR_LABEL))
        : state.namespaceSource === 'flag'
          ? step('OperatorNotInstalled', kubectl(undefined, 'get', 'deployments', '-A', '-l', OPERATOR_LABEL), `if it runs in another namespace, pass that to --namespace; if not, ${INSTALL_OPERATOR}`)
          : step('OperatorNotInstalled', undefined, INSTALL_OPERATOR)),
    });
    return { findings, facts };
  }

  const all = deployments.items.map(readDeployment).sort((a, b) => nsName(a.ref).localeCompare(nsName(b.ref)));
  if (all.length > 1) {
    findings.push({
      severity: 'warning',
      resource: all[0]?.ref ?? { kind: 'Deployment', namespace: ns, name: 'flux-operator' },
      reason: 'MultipleOperators',
      message: `${all.length} Flux Operator Deployments found (${all.map((d) => nsName(d.ref)).join(', ')}): run one per cluster, or they fight over the same objects`,
      ...step('MultipleOperators', kubectl(undefined, 'get', 'deployments', '-A', '-l', OPERATOR_LABEL)),
    });
  }

  const pods = read(state, 'operatorPods');
  pushIf(findings, inputFailure(state, 'operatorPods', { forbidden: 'warning', impact: 'operator pod health (restarts, crash loops)' }));
  const podStates = pods.ok ? pods.items.map(readPod) : undefined;

  for (const d of all) {
    // Pods are listed in the operator namespace only; elsewhere only replicas are known.
    const w = workloadFindings(d, d.namespace === ns ? podStates : undefined, WHAT);
    findings.push(...w.findings);
    facts.push(`Deployment ${d.namespace}/${d.name}: ${w.summary}`);
  }
  const primary = all.find((d) => d.namespace === ns) ?? all[0];
  if (primary) versionFacts(primary, state, findings, facts);
  return { findings, facts };
}

export const operatorCheck: Check = {
  id: 'operator',
  title: 'Flux Operator deployment',
  needs: ['operatorDeployments', 'operatorPods', 'fluxReports'],
  reasons: ['OperatorNotInstalled', 'OperatorNotFound', 'MultipleOperators', ...WORKLOAD_REASONS, 'OperatorVersionMismatch', ...INPUT_REASONS],
  run: runOperator,
};
