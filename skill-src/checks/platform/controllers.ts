// The Flux controller Deployments (label app.kubernetes.io/part-of=flux in the operator namespace): replicas,
// pods, and whether each runs the image the FluxInstance installed.
import type { ClusterState } from '../../cluster/state.js';
import { arr, at, isRecord, labels, name, namespace, str } from '../../kube/fields.js';
import type { KubeObject } from '../../kube/types.js';
import type { CheckOutcome, Finding } from '../../model.js';
import type { Check } from '../check.js';
import { INPUT_REASONS, connectionSkip, inputFailure, pushIf, read } from './common.js';
import { kubectl, parts, step } from '../../report/next-step.js';
import { WORKLOAD_REASONS, mainContainer, parseImage, readDeployment, readPod, workloadFindings, type DeploymentState } from './pods.js';

export interface ExpectedImage {
  name: string;
  repository: string;
  tag?: string;
  digest?: string;
}

/** status.components of the FluxInstance: the images the operator applied. */
export function expectedImages(fi: KubeObject): ExpectedImage[] {
  const out: ExpectedImage[] = [];
  for (const c of arr(at(fi, 'status', 'components'))) {
    if (!isRecord(c)) continue;
    const n = str(c.name);
    const repository = str(c.repository);
    if (!n || !repository) continue;
    const e: ExpectedImage = { name: n, repository };
    const tag = str(c.tag);
    if (tag) e.tag = tag;
    const digest = str(c.digest);
    if (digest) e.digest = digest;
    out.push(e);
  }
  return out;
}

/** The component of a Deployment: its own name, or the longest component name it extends (shards: `source-controller-shard1`). */
function componentFor(deployment: string, expected: readonly ExpectedImage[]): ExpectedImage | undefined {
  const exact = expected.find((e) => e.name === deployment);
  if (exact) return exact;
  return expected.filter((e) => deployment.startsWith(`${e.name}-`)).sort((a, b) => b.name.length - a.name.length)[0];
}

function imageString(e: { repository: string; tag?: string; digest?: string }): string {
  return `${e.repository}${e.tag ? `:${e.tag}` : ''}${e.digest ? `@${e.digest}` : ''}`;
}

/** Differences that matter: another repository, another tag, or another digest when both name one. */
export function imageMismatch(running: string, expected: ExpectedImage): boolean {
  const r = parseImage(running);
  if (r.repository !== expected.repository) return true;
  if (r.tag && expected.tag && r.tag !== expected.tag) return true;
  if (r.digest && expected.digest && r.digest !== expected.digest) return true;
  return false;
}

function isOperatorWorkload(obj: KubeObject): boolean {
  const n = labels(obj)['app.kubernetes.io/name'];
  return n === 'flux-operator' || n === 'flux-operator-mcp';
}

function imageFinding(d: DeploymentState, running: string, expected: ExpectedImage): Finding {
  return {
    severity: 'warning',
    resource: d.ref,
    reason: 'ImageMismatch',
    message: `${d.name} runs ${running}, but FluxInstance flux installed ${imageString(expected)}: hand-edited controller (or changed by a spec.kustomize patch)`,
    // Who changed the image: the field managers only, not the spec's values (env may hold credentials).
    ...step('ImageMismatch', kubectl(parts.namespace(d.namespace), 'get', 'deployment', parts.name(d.name), '--show-managed-fields', '-o', 'jsonpath={.metadata.managedFields}')),
  };
}

export function runControllers(state: ClusterState): CheckOutcome {
  const skip = connectionSkip(state);
  if (skip) return { findings: [], skipped: skip };
  const ns = state.operatorNamespace;
  const findings: Finding[] = [];
  const facts: string[] = [];

  const deployments = read(state, 'controllerDeployments');
  pushIf(findings, inputFailure(state, 'controllerDeployments', { forbidden: 'warning', impact: 'Flux controller health' }));
  if (!deployments.ok) return { findings, facts };
  const controllers = deployments.items
    .filter((d) => !isOperatorWorkload(d) && (namespace(d) ?? ns) === ns)
    .map(readDeployment)
    .sort((a, b) => a.name.localeCompare(b.name));
  if (controllers.length === 0) {
    // A FluxInstance with missing components is reported by the instance check; nothing to add here.
    facts.push(`no Flux controller Deployments (app.kubernetes.io/part-of=flux) in ${ns}`);
    return { findings, facts };
  }

  const pods = read(state, 'controllerPods');
  pushIf(findings, inputFailure(state, 'controllerPods', { forbidden: 'warning', impact: 'controller pod health (restarts, crash loops)' }));
  const podStates = pods.ok ? pods.items.map(readPod) : undefined;

  // The instance check reports an unreadable FluxInstance list; without it images are not compared.
  const instances = read(state, 'fluxInstances');
  const fi = instances.ok ? instances.items.find((i) => name(i) === 'flux' && namespace(i) === ns) : undefined;
  const expected = fi ? expectedImages(fi) : [];
  if (!fi) facts.push('images not compared: no FluxInstance flux to compare with');
  else if (expected.length === 0) facts.push('images not compared: FluxInstance flux has no status.components yet');

  for (const d of controllers) {
    const w = workloadFindings(d, podStates, 'Flux controller');
    findings.push(...w.findings);
    const image = mainContainer(d)?.image;
    const version = image ? parseImage(image).tag : undefined;
    facts.push(`${d.name}${version ? ` ${version}` : ''}: ${w.summary}`);
    const want = componentFor(d.name, expected);
    if (image && want && imageMismatch(image, want)) findings.push(imageFinding(d, image, want));
  }
  return { findings, facts };
}

export const controllersCheck: Check = {
  id: 'controllers',
  title: 'Flux controllers',
  needs: ['controllerDeployments', 'controllerPods', 'fluxInstances'],
  reasons: [...WORKLOAD_REASONS, 'ImageMismatch', ...INPUT_REASONS],
  run: runControllers,
};
