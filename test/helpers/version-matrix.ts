// The version matrix: for each Flux minor release 2.2 to 2.9, a recorded cluster whose CRDs serve exactly the
// versions that release serves and whose objects use each kind's storage version there.
//
// Facts: the controller versions fluxcd/flux2 pins in manifests/bases/*/kustomization.yaml at tags v2.2.0 ...
// v2.9.0, and the served/storage versions of config/crd/bases/*.yaml of each controller at those tags
// (source-controller v1.2.2 ... v1.9.1, kustomize-controller v1.2.0 ... v1.9.1, helm-controller v0.37.0 ...
// v1.6.1, notification-controller v1.2.2 ... v1.9.1, image-reflector-controller v0.31.1 ... v1.2.1,
// image-automation-controller v0.37.0 ... v1.2.1, source-watcher v2.0.1 ... v2.2.1). Storage version first.
// The failing objects carry reasons the controllers set (kinds/table.ts) with messages in the controllers' formats.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import yaml from 'js-yaml';
import { ROOT } from '../../build/paths.js';
import type { KubeObject } from '../../skill-src/kube/types.js';
import { kindSpec } from '../../skill-src/kinds/table.js';

type Served = Record<string, readonly string[]>;

const V2_2: Served = {
  GitRepository: ['v1', 'v1beta2', 'v1beta1'],
  HelmRepository: ['v1beta2', 'v1beta1'],
  HelmChart: ['v1beta2', 'v1beta1'],
  Bucket: ['v1beta2', 'v1beta1'],
  OCIRepository: ['v1beta2'],
  Kustomization: ['v1', 'v1beta2', 'v1beta1'],
  HelmRelease: ['v2beta2', 'v2beta1'],
  Receiver: ['v1', 'v1beta2', 'v1beta1'],
  Alert: ['v1beta3', 'v1beta2', 'v1beta1'],
  Provider: ['v1beta3', 'v1beta2', 'v1beta1'],
  ImageRepository: ['v1beta2', 'v1beta1'],
  ImagePolicy: ['v1beta2', 'v1beta1'],
  ImageUpdateAutomation: ['v1beta1'],
};
const V2_3: Served = { ...V2_2, HelmRepository: ['v1', 'v1beta2', 'v1beta1'], HelmChart: ['v1', 'v1beta2', 'v1beta1'], HelmRelease: ['v2', 'v2beta2', 'v2beta1'], ImageUpdateAutomation: ['v1beta2', 'v1beta1'] };
const V2_4: Served = { ...V2_3, Bucket: ['v1', 'v1beta2', 'v1beta1'] };
const V2_5: Served = V2_4;
const V2_6: Served = { ...V2_5, OCIRepository: ['v1', 'v1beta2'] };
const V2_7: Served = {
  GitRepository: ['v1', 'v1beta2'],
  HelmRepository: ['v1', 'v1beta2'],
  HelmChart: ['v1', 'v1beta2'],
  Bucket: ['v1', 'v1beta2'],
  OCIRepository: ['v1', 'v1beta2'],
  ExternalArtifact: ['v1'],
  ArtifactGenerator: ['v1beta1'],
  Kustomization: ['v1', 'v1beta2'],
  HelmRelease: ['v2', 'v2beta2'],
  Receiver: ['v1', 'v1beta2'],
  Alert: ['v1beta3', 'v1beta2'],
  Provider: ['v1beta3', 'v1beta2'],
  ImageRepository: ['v1', 'v1beta2'],
  ImagePolicy: ['v1', 'v1beta2'],
  ImageUpdateAutomation: ['v1', 'v1beta2'],
};
const V2_8: Served = { ...V2_7, GitRepository: ['v1'], HelmRepository: ['v1'], HelmChart: ['v1'], Bucket: ['v1'], OCIRepository: ['v1'], Kustomization: ['v1'], HelmRelease: ['v2'] };
const V2_9: Served = { ...V2_8, Receiver: ['v1'], Alert: ['v1beta3'], Provider: ['v1beta3'], ImageRepository: ['v1'], ImagePolicy: ['v1'], ImageUpdateAutomation: ['v1'] };

/** Flux Operator's own kinds, the same whatever Flux release it runs. */
const OPERATOR: Served = { ResourceSet: ['v1'], ResourceSetInputProvider: ['v1'] };

export const RELEASES: Readonly<Record<string, Served>> = { '2.2': V2_2, '2.3': V2_3, '2.4': V2_4, '2.5': V2_5, '2.6': V2_6, '2.7': V2_7, '2.8': V2_8, '2.9': V2_9 };

const NS = 'flux-system';
const TIME = '2026-11-25T09:00:00Z';
const REV = 'main@sha1:4f7a3c1b9e2d8f6a5c0b7e1d3f9a2c4b6e8d0f1a';

function gv(kind: string, version: string): string {
  return `${kindSpec(kind)?.group ?? ''}/${version}`;
}

function crd(kind: string, versions: readonly string[]): KubeObject {
  const k = kindSpec(kind);
  if (!k) throw new Error(`unknown kind ${kind}`);
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `${k.resource}.${k.group}`, creationTimestamp: '2026-06-02T08:21:37Z' },
    spec: {
      group: k.group,
      names: { kind, listKind: `${kind}List`, plural: k.resource, singular: kind.toLowerCase(), ...(k.shortNames.length > 0 ? { shortNames: [...k.shortNames] } : {}) },
      scope: 'Namespaced',
      versions: versions.map((v, i) => ({ name: v, served: true, storage: i === 0, schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } } })),
    },
  };
}

type Condition = { type: string; status: string; reason: string; message: string };

const READY: Condition = { type: 'Ready', status: 'True', reason: 'Succeeded', message: 'reconciliation succeeded' };

/** The spec of each kind's object, pointing at the healthy objects of the matrix. */
function specOf(kind: string): Record<string, unknown> {
  switch (kind) {
    case 'GitRepository':
      return { interval: '5m', url: 'https://github.com/acme/fleet.git', ref: { branch: 'main' } };
    case 'OCIRepository':
      return { interval: '10m', url: 'oci://ghcr.io/acme/manifests', ref: { tag: 'latest' } };
    case 'HelmRepository':
      return { interval: '1h', url: 'https://stefanprodan.github.io/podinfo' };
    case 'HelmChart':
      return { interval: '1h', chart: 'podinfo', version: '6.x', sourceRef: { kind: 'HelmRepository', name: 'matrix' } };
    case 'Bucket':
      return { interval: '5m', bucketName: 'fleet', endpoint: 's3.amazonaws.com', provider: 'aws' };
    case 'ExternalArtifact':
      return { sourceRef: { apiVersion: 'source.extensions.fluxcd.io/v1beta1', kind: 'ArtifactGenerator', name: 'matrix', namespace: NS } };
    case 'ArtifactGenerator':
      return { sources: [{ alias: 'fleet', kind: 'GitRepository', name: 'matrix' }], artifacts: [{ name: 'matrix', copy: [{ from: '@fleet/apps/**', to: '@artifact/' }] }] };
    case 'Kustomization':
      return { interval: '10m', path: './apps', prune: true, sourceRef: { kind: 'GitRepository', name: 'matrix' } };
    case 'HelmRelease':
      return { interval: '10m', chart: { spec: { chart: 'podinfo', version: '6.x', sourceRef: { kind: 'HelmRepository', name: 'matrix' } } } };
    case 'Receiver':
      return { type: 'github', secretRef: { name: 'webhook-token' }, resources: [{ kind: 'GitRepository', name: 'matrix' }] };
    case 'Alert':
      return { providerRef: { name: 'matrix' }, eventSeverity: 'error', eventSources: [{ kind: 'Kustomization', name: '*' }] };
    case 'Provider':
      return { type: 'slack', channel: 'flux' };
    case 'ImageRepository':
      return { interval: '5m', image: 'ghcr.io/stefanprodan/podinfo' };
    case 'ImagePolicy':
      return { imageRepositoryRef: { name: 'matrix' }, policy: { semver: { range: '6.x' } } };
    case 'ImageUpdateAutomation':
      return { interval: '30m', sourceRef: { kind: 'GitRepository', name: 'matrix' }, git: { commit: { author: { name: 'fluxcdbot', email: 'fluxcdbot@users.noreply.github.com' } } }, update: { path: './apps', strategy: 'Setters' } };
    case 'ResourceSet':
      return { inputs: [{ tenant: 'team1' }], resources: [] };
    case 'ResourceSetInputProvider':
      return { type: 'Static', defaultValues: { env: 'production' } };
    default:
      return {};
  }
}

/** Status fields beyond conditions that a healthy object of the kind carries. */
function statusOf(kind: string): Record<string, unknown> {
  if (['GitRepository', 'OCIRepository', 'Bucket', 'HelmChart', 'ExternalArtifact', 'HelmRepository'].includes(kind)) {
    return { artifact: { revision: kind === 'HelmChart' ? '6.9.2' : REV, digest: 'sha256:0f3a', lastUpdateTime: TIME, path: 'x', url: 'http://source-controller/x' } };
  }
  if (kind === 'Kustomization') return { lastAppliedRevision: REV, lastAttemptedRevision: REV };
  if (kind === 'HelmRelease') return { helmChart: `${NS}/${NS}-matrix`, lastAttemptedRevision: '6.9.2', history: [{ chartName: 'podinfo', chartVersion: '6.9.2', name: 'matrix', namespace: NS, status: 'deployed', version: 1 }] };
  if (kind === 'ImagePolicy') return { latestRef: { name: 'ghcr.io/stefanprodan/podinfo', tag: '6.9.2' } };
  return {};
}

/** Failure of each kind with a reason its controller sets; Alert and Provider in v1beta3 cannot fail. */
const FAILURES: Record<string, Condition> = {
  GitRepository: { type: 'Ready', status: 'False', reason: 'GitOperationFailed', message: "failed to checkout and determine revision: unable to clone 'https://github.com/acme/missing.git': repository not found" },
  OCIRepository: { type: 'Ready', status: 'False', reason: 'OCIArtifactPullFailed', message: "failed to determine artifact digest: GET https://ghcr.io/token: DENIED: denied" },
  HelmRepository: { type: 'Ready', status: 'False', reason: 'IndexationFailed', message: 'failed to fetch Helm repository index: failed to cache index to temporary file: failed to fetch https://charts.example.com/index.yaml : 404 Not Found' },
  HelmChart: { type: 'Ready', status: 'False', reason: 'ChartPullFailed', message: "invalid chart reference: failed to get chart version for remote reference: no 'nope' chart with version matching '6.x' found" },
  Bucket: { type: 'Ready', status: 'False', reason: 'BucketOperationFailed', message: "bucket 'missing' not found" },
  ExternalArtifact: { type: 'Ready', status: 'False', reason: 'Failed', message: 'artifact not available' },
  ArtifactGenerator: { type: 'Ready', status: 'False', reason: 'BuildFailed', message: 'failed to build artifact: pattern @fleet/nope/** matched no files' },
  Kustomization: { type: 'Ready', status: 'False', reason: 'BuildFailed', message: "kustomize build failed: accumulating resources: accumulation err='accumulating resources from 'nope.yaml': open /tmp/kustomization-1/apps/nope.yaml: no such file or directory'" },
  HelmRelease: { type: 'Ready', status: 'False', reason: 'InstallFailed', message: "Helm install failed for release flux-system/failing with chart podinfo@6.9.2: context deadline exceeded" },
  Receiver: { type: 'Ready', status: 'False', reason: 'TokenNotFound', message: "unable to read token from secret 'flux-system/missing-token' error: Secret \"missing-token\" not found" },
  ImageRepository: { type: 'Ready', status: 'False', reason: 'AuthenticationFailed', message: 'failed to configure authentication options: secrets "missing" not found' },
  ImagePolicy: { type: 'Ready', status: 'False', reason: 'Failure', message: 'invalid policy: no tags match 99.x' },
  ImageUpdateAutomation: { type: 'Ready', status: 'False', reason: 'UpdateFailed', message: 'failed to apply policies: open apps/deployment.yaml: no such file or directory' },
  ResourceSet: { type: 'Ready', status: 'False', reason: 'ReconciliationFailed', message: 'reconciliation failed: Namespace/team1 dry-run failed: namespaces "team1" is forbidden' },
  ResourceSetInputProvider: { type: 'Ready', status: 'False', reason: 'ReconciliationFailed', message: 'failed to list pull requests: 401 Bad credentials' },
};

function object(kind: string, version: string, name: string, condition: Condition | undefined): KubeObject {
  const status: Record<string, unknown> = { observedGeneration: 1, ...(condition?.status === 'True' ? statusOf(kind) : {}) };
  if (condition) status.conditions = [{ ...condition, lastTransitionTime: TIME, observedGeneration: 1 }];
  const spec = specOf(kind);
  if (name !== 'matrix' && kind === 'HelmChart') spec.chart = 'nope';
  return { apiVersion: gv(kind, version), kind, metadata: { name, namespace: NS, generation: 1, creationTimestamp: '2026-06-02T08:30:00Z' }, spec, status };
}

/** Kinds of a release whose storage version carries no conditions (Alert, Provider v1beta3). */
function conditionless(kind: string, version: string): boolean {
  return kindSpec(kind)?.health.staticVersions?.includes(version) ?? false;
}

/** Objects of the healthy cluster (operator, controllers, FluxInstance) that are not Flux toolkit objects. */
function platform(): KubeObject[] {
  const list = yaml.load(fs.readFileSync(path.join(ROOT, 'test', 'fixtures', 'scenarios', 'healthy.yaml'), 'utf8')) as { items: KubeObject[] };
  const objects = list.items.filter((o) => o.kind !== 'CustomResourceDefinition' && o.kind !== 'Event' && !/\.toolkit\.fluxcd\.io\//.test(String(o.apiVersion)));
  // The healthy cluster's FluxReport counts its own objects; a matrix cluster holds one object per kind, so the
  // counts would disagree with what is listed (the instance check warns IncompleteView). Keep the report, not its counts.
  for (const o of objects) {
    if (o.kind === 'FluxReport' && typeof o.spec === 'object' && o.spec !== null) delete (o.spec as Record<string, unknown>).reconcilers;
  }
  return objects;
}

export interface MatrixCluster {
  release: string;
  objects: KubeObject[];
  /** Kinds served by the release (with the operator's), at their storage version. */
  kinds: { kind: string; version: string }[];
  /** Kinds with one failing object in the failing variant. */
  failing: string[];
}

export function matrixCluster(release: string, withFailures: boolean): MatrixCluster {
  const served = { ...RELEASES[release], ...OPERATOR };
  const objects: KubeObject[] = platform();
  const kinds: MatrixCluster['kinds'] = [];
  const failing: string[] = [];
  for (const [kind, versions] of Object.entries(served)) {
    const version = versions[0];
    if (!version) continue;
    kinds.push({ kind, version });
    objects.push(crd(kind, versions));
    const healthy = conditionless(kind, version) ? undefined : READY;
    objects.push(object(kind, version, 'matrix', healthy));
    const failure = FAILURES[kind];
    if (withFailures && failure && healthy) {
      objects.push(object(kind, version, 'failing', failure));
      failing.push(kind);
    }
  }
  return { release, objects, kinds, failing };
}

/** Writes the cluster as a recorded fixture (List YAML and side data) in a new temp dir; returns its path. */
export function writeMatrixFixture(c: MatrixCluster): { file: string; cleanup: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `matrix-${c.release}-`));
  const file = path.join(dir, `flux-${c.release}.yaml`);
  const header = `# Scenario: flux-${c.release} version matrix — every kind at the version Flux ${c.release} serves.\n# Expect: every kind listed; no CRD reported as not installed.\n`;
  fs.writeFileSync(file, header + yaml.dump({ apiVersion: 'v1', kind: 'List', items: c.objects }, { noRefs: true, lineWidth: -1 }));
  fs.writeFileSync(path.join(dir, `flux-${c.release}.side.yaml`), yaml.dump({ recordedAt: '2026-11-25T10:00:00Z', serverVersion: 'v1.33.2', context: `flux-${c.release}` }));
  return { file, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}
