// One tenant namespace: sources, Kustomizations with dependsOn, HelmReleases with their HelmCharts,
// a push Receiver, and optionally injected failures with the Warning events they leave.
import { API, ago, conditions, sha1, sha256, type FleetObject, type Json, type MetaFactory } from './meta.js';

export type FailureKind = 'source-auth' | 'build' | 'upgrade';

/** Failing objects (Ready=False) each failure kind produces, root cause included. */
export const FAILURE_COST: Record<FailureKind, number> = { 'source-auth': 6, build: 1, upgrade: 1 };

/** Objects in a healthy tenant namespace; failures add one Warning event per root cause. */
export const TENANT_OBJECTS = 18;
/** HelmReleases per namespace that no other release depends on: where upgrade failures go. */
export const UPGRADE_SLOTS = 3;

const CHARTS: [string, string][] = [
  ['redis', '20.6.1'], ['postgresql', '16.4.2'], ['ingress-nginx', '4.12.0'], ['podinfo', '6.7.1'], ['kafka', '31.1.0'],
  ['memcached', '7.6.0'], ['rabbitmq', '15.2.1'], ['nats', '1.2.9'], ['minio', '14.10.5'], ['grafana', '8.8.2'],
];

export interface TenantPlan {
  namespace: string;
  sourceAuth: boolean;
  build: boolean;
  /** Number of leaf HelmReleases whose upgrade failed (0..UPGRADE_SLOTS). */
  upgrades: number;
}

export interface TenantResult {
  objects: FleetObject[];
  failing: number;
  rootCauses: number;
}

function event(f: MetaFactory, target: FleetObject, reason: string, message: string, component: string, minutesAgo: number): FleetObject {
  const count = f.rnd.int(3, 120);
  return {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: f.meta(`${target.metadata.name}.${f.rnd.hex(16)}`, target.metadata.namespace),
    involvedObject: {
      apiVersion: target.apiVersion,
      kind: target.kind,
      name: target.metadata.name,
      namespace: target.metadata.namespace,
      uid: target.metadata.uid,
      resourceVersion: target.metadata.resourceVersion,
    },
    reason,
    message,
    type: 'Warning',
    count,
    firstTimestamp: ago(minutesAgo + count * 5),
    lastTimestamp: ago(minutesAgo),
    source: { component },
    reportingComponent: component,
    reportingInstance: `${component}-${f.rnd.hex(10)}-${f.rnd.suffix(5)}`,
  };
}

function gitRepository(f: MetaFactory, ns: string, failing: boolean, rev: string): FleetObject {
  const url = `https://github.com/example-org/${ns}-apps.git`;
  const gen = f.rnd.int(1, 3);
  const status: Json = failing
    ? {
        observedGeneration: gen,
        conditions: conditions(gen, f.rnd.int(20, 240), [
          { type: 'Reconciling', status: 'True', reason: 'ProgressingWithRetry', message: `processing object: new generation ${gen - 1} -> ${gen}` },
          { type: 'Ready', status: 'False', reason: 'AuthenticationFailed', message: `failed to get secret '${ns}/git-credentials': secrets "git-credentials" not found` },
          { type: 'FetchFailed', status: 'True', reason: 'AuthenticationFailed', message: `failed to get secret '${ns}/git-credentials': secrets "git-credentials" not found` },
        ]),
      }
    : {
        observedGeneration: gen,
        artifact: { digest: sha256(f.rnd), lastUpdateTime: ago(f.rnd.int(5, 600)), path: `gitrepository/${ns}/apps/${f.rnd.hex(40)}.tar.gz`, revision: rev, size: f.rnd.int(4_000, 400_000), url: `http://source-controller.flux-system.svc.cluster.local./gitrepository/${ns}/apps/${f.rnd.hex(40)}.tar.gz` },
        conditions: conditions(gen, f.rnd.int(5, 600), [
          { type: 'Ready', status: 'True', reason: 'Succeeded', message: `stored artifact for revision '${rev}'` },
          { type: 'ArtifactInStorage', status: 'True', reason: 'Succeeded', message: `stored artifact for revision '${rev}'` },
        ]),
      };
  return {
    apiVersion: API.source,
    kind: 'GitRepository',
    metadata: f.meta('apps', ns, { generation: gen, finalizers: ['finalizers.fluxcd.io'] }),
    spec: { interval: '5m0s', url, ref: { branch: 'main' }, secretRef: { name: 'git-credentials' }, timeout: '60s' },
    status,
  };
}

function ociRepository(f: MetaFactory, ns: string, rev: string): FleetObject {
  return {
    apiVersion: API.source,
    kind: 'OCIRepository',
    metadata: f.meta('manifests', ns, { generation: 1, finalizers: ['finalizers.fluxcd.io'] }),
    spec: { interval: '10m0s', url: `oci://ghcr.io/example-org/${ns}/manifests`, ref: { semver: '1.x' }, provider: 'generic', timeout: '60s' },
    status: {
      observedGeneration: 1,
      url: `http://source-controller.flux-system.svc.cluster.local./ocirepository/${ns}/manifests/${f.rnd.hex(64)}.tar.gz`,
      artifact: { digest: sha256(f.rnd), lastUpdateTime: ago(f.rnd.int(5, 900)), path: `ocirepository/${ns}/manifests/${f.rnd.hex(64)}.tar.gz`, revision: rev, size: f.rnd.int(2_000, 90_000) },
      conditions: conditions(1, f.rnd.int(5, 900), [
        { type: 'Ready', status: 'True', reason: 'Succeeded', message: `stored artifact for digest '${rev}'` },
        { type: 'ArtifactInStorage', status: 'True', reason: 'Succeeded', message: `stored artifact for digest '${rev}'` },
      ]),
    },
  };
}

function helmRepository(f: MetaFactory, ns: string): { obj: FleetObject; oci: boolean } {
  // About a quarter of tenants pull charts from an OCI registry: such HelmRepositories have no status conditions.
  const oci = f.rnd.next() < 0.25;
  if (oci) {
    return {
      oci,
      obj: { apiVersion: API.source, kind: 'HelmRepository', metadata: f.meta('charts', ns, { generation: 1 }), spec: { type: 'oci', interval: '10m0s', url: `oci://ghcr.io/example-org/${ns}/charts`, provider: 'generic' }, status: {} },
    };
  }
  const rev = sha256(f.rnd);
  return {
    oci,
    obj: {
      apiVersion: API.source,
      kind: 'HelmRepository',
      metadata: f.meta('charts', ns, { generation: 1, finalizers: ['finalizers.fluxcd.io'] }),
      spec: { interval: '30m0s', url: `https://charts.example.org/${ns}`, timeout: '60s' },
      status: {
        observedGeneration: 1,
        url: `http://source-controller.flux-system.svc.cluster.local./helmrepository/${ns}/charts/index.yaml`,
        artifact: { digest: rev, lastUpdateTime: ago(f.rnd.int(5, 1800)), path: `helmrepository/${ns}/charts/index-${rev.slice(7)}.yaml`, revision: rev, size: f.rnd.int(20_000, 4_000_000) },
        conditions: conditions(1, f.rnd.int(5, 1800), [
          { type: 'Ready', status: 'True', reason: 'Succeeded', message: `stored artifact: revision '${rev}'` },
          { type: 'ArtifactInStorage', status: 'True', reason: 'Succeeded', message: `stored artifact: revision '${rev}'` },
        ]),
      },
    },
  };
}

interface KsSpec {
  name: string;
  source: 'GitRepository' | 'OCIRepository';
  dependsOn?: string;
  path: string;
}

// Order matters: a Kustomization's dependency comes before it.
const KUSTOMIZATIONS: KsSpec[] = [
  { name: 'infra', source: 'GitRepository', path: './infrastructure' },
  { name: 'configs', source: 'GitRepository', dependsOn: 'infra', path: './configs' },
  { name: 'apps', source: 'OCIRepository', dependsOn: 'configs', path: './' },
  { name: 'monitoring', source: 'GitRepository', dependsOn: 'infra', path: './monitoring' },
  { name: 'policies', source: 'GitRepository', path: './policies' },
];

type KsState = { kind: 'ok' } | { kind: 'artifact' } | { kind: 'dependency'; on: string } | { kind: 'build' };

function inventory(f: MetaFactory, ns: string, name: string): Json {
  const entries: Json[] = [];
  const n = f.rnd.int(3, 8);
  for (let i = 0; i < n; i++) {
    const [group, k, v] = f.rnd.pick([['', 'ConfigMap', 'v1'], ['', 'Service', 'v1'], ['apps', 'Deployment', 'v1'], ['networking.k8s.io', 'Ingress', 'v1'], ['autoscaling', 'HorizontalPodAutoscaler', 'v2'], ['', 'ServiceAccount', 'v1']] as const);
    entries.push({ id: `${ns}_${name}-${i}_${group}_${k}`, v });
  }
  return { entries };
}

function kustomization(f: MetaFactory, ns: string, spec: KsSpec, state: KsState, gitRev: string, ociRev: string): FleetObject {
  const gen = f.rnd.int(1, 4);
  const rev = spec.source === 'GitRepository' ? gitRev : ociRev;
  const since = f.rnd.int(15, 300);
  const base: Json = { observedGeneration: gen };
  let status: Json;
  switch (state.kind) {
    case 'ok':
      status = { ...base, lastAppliedRevision: rev, lastAttemptedRevision: rev, inventory: inventory(f, ns, spec.name), conditions: conditions(gen, since, [{ type: 'Ready', status: 'True', reason: 'ReconciliationSucceeded', message: `Applied revision: ${rev}` }]) };
      break;
    case 'artifact':
      status = { ...base, conditions: conditions(gen, since, [
        { type: 'Reconciling', status: 'True', reason: 'ProgressingWithRetry', message: 'Source is not ready, artifact not found, retrying in 30s' },
        { type: 'Ready', status: 'False', reason: 'ArtifactFailed', message: 'Source is not ready, artifact not found, retrying in 30s' },
      ]) };
      break;
    case 'dependency':
      status = { ...base, conditions: conditions(gen, since, [
        { type: 'Reconciling', status: 'True', reason: 'ProgressingWithRetry', message: `dependency '${ns}/${state.on}' is not ready` },
        { type: 'Ready', status: 'False', reason: 'DependencyNotReady', message: `dependency '${ns}/${state.on}' is not ready` },
      ]) };
      break;
    case 'build': {
      const previous = `1.${f.rnd.int(0, 9)}.0@${sha256(f.rnd)}`;
      status = { ...base, lastAppliedRevision: previous, lastAttemptedRevision: rev, inventory: inventory(f, ns, spec.name), conditions: conditions(gen, since, [
        { type: 'Ready', status: 'False', reason: 'BuildFailed', message: `kustomize build failed: accumulating resources: accumulation err='accumulating resources from './deploy': open /tmp/kustomization-${f.rnd.int(100000000, 999999999)}/deploy: no such file or directory': must build at directory: not a valid directory: evalsymlink failure on '/tmp/kustomization-${f.rnd.int(100000000, 999999999)}/deploy' : lstat /tmp/kustomization-${f.rnd.int(100000000, 999999999)}/deploy: no such file or directory` },
      ]) };
      break;
    }
  }
  const k: Json = { interval: '10m0s', path: spec.path, prune: true, sourceRef: { kind: spec.source, name: spec.source === 'GitRepository' ? 'apps' : 'manifests' }, targetNamespace: ns, timeout: '5m0s', wait: spec.name !== 'policies' };
  if (spec.dependsOn) k.dependsOn = [{ name: spec.dependsOn }];
  return { apiVersion: API.kustomize, kind: 'Kustomization', metadata: f.meta(spec.name, ns, { generation: gen, finalizers: ['finalizers.fluxcd.io'] }), spec: k, status };
}

function helmPair(f: MetaFactory, ns: string, chart: [string, string], dependsOn: string | undefined, failed: boolean, ociRepo: boolean): { release: FleetObject; chart: FleetObject } {
  const [chartName, version] = chart;
  const gen = f.rnd.int(1, 5);
  const release = chartName;
  const deployedVersion = f.rnd.int(1, 30);
  const history: Json[] = [{ chartName, chartVersion: version, appVersion: version, configDigest: sha256(f.rnd), digest: sha256(f.rnd), firstDeployed: ago(f.rnd.int(20000, 90000)), lastDeployed: ago(f.rnd.int(60, 20000)), name: release, namespace: ns, status: 'deployed', version: deployedVersion }];
  let conds: Json[];
  let extra: Json = {};
  if (failed) {
    const next = version.replace(/\.(\d+)$/, (_, p: string) => `.${Number(p) + 1}`);
    const msg = `Helm upgrade failed for release ${ns}/${release} with chart ${chartName}@${next}: context deadline exceeded`;
    conds = conditions(gen, f.rnd.int(20, 240), [
      { type: 'Stalled', status: 'True', reason: 'RetriesExceeded', message: 'Failed to upgrade after 4 attempt(s)' },
      { type: 'Ready', status: 'False', reason: 'UpgradeFailed', message: msg },
      { type: 'Released', status: 'False', reason: 'UpgradeFailed', message: msg },
    ]);
    history.unshift({ chartName, chartVersion: next, appVersion: next, configDigest: sha256(f.rnd), digest: sha256(f.rnd), firstDeployed: ago(30), lastDeployed: ago(30), name: release, namespace: ns, status: 'failed', version: deployedVersion + 1 });
    extra = { failures: 4, upgradeFailures: 4, lastAttemptedRevision: next, lastAttemptedReleaseAction: 'upgrade' };
  } else {
    const msg = `Helm upgrade succeeded for release ${ns}/${release}.v${deployedVersion} with chart ${chartName}@${version}`;
    conds = conditions(gen, f.rnd.int(30, 6000), [
      { type: 'Ready', status: 'True', reason: 'UpgradeSucceeded', message: msg },
      { type: 'Released', status: 'True', reason: 'UpgradeSucceeded', message: msg },
    ]);
    extra = { lastAttemptedRevision: version, lastAttemptedReleaseAction: 'upgrade' };
  }
  const spec: Json = {
    interval: '10m0s',
    releaseName: release,
    chart: { spec: { chart: chartName, version: `${version.split('.')[0]}.x`, sourceRef: { kind: 'HelmRepository', name: 'charts' }, interval: '10m0s', reconcileStrategy: 'ChartVersion' } },
    install: { remediation: { retries: 3 } },
    upgrade: { remediation: { retries: 3, remediateLastFailure: true } },
    values: { replicaCount: f.rnd.int(1, 3), resources: { requests: { cpu: '100m', memory: '128Mi' } } },
  };
  if (dependsOn) spec.dependsOn = [{ name: dependsOn }];
  const hr: FleetObject = {
    apiVersion: API.helm,
    kind: 'HelmRelease',
    metadata: f.meta(release, ns, { generation: gen, finalizers: ['finalizers.fluxcd.io'] }),
    spec,
    status: { observedGeneration: gen, helmChart: `${ns}/${ns}-${release}`, history, lastAttemptedConfigDigest: sha256(f.rnd), lastAttemptedGeneration: gen, storageNamespace: ns, conditions: conds, ...extra },
  };
  const chartDigest = sha256(f.rnd);
  const hc: FleetObject = {
    apiVersion: API.source,
    kind: 'HelmChart',
    metadata: f.meta(`${ns}-${release}`, ns, { generation: 1, finalizers: ['finalizers.fluxcd.io'] }),
    spec: { chart: chartName, version: `${version.split('.')[0]}.x`, sourceRef: { kind: 'HelmRepository', name: 'charts' }, interval: '10m0s', reconcileStrategy: 'ChartVersion' },
    status: {
      observedGeneration: 1,
      observedChartName: chartName,
      observedSourceArtifactRevision: ociRepo ? undefined : sha256(f.rnd),
      url: `http://source-controller.flux-system.svc.cluster.local./helmchart/${ns}/${ns}-${release}/latest.tar.gz`,
      artifact: { digest: chartDigest, lastUpdateTime: ago(f.rnd.int(60, 9000)), path: `helmchart/${ns}/${ns}-${release}/${chartName}-${version}.tgz`, revision: version, size: f.rnd.int(8_000, 90_000) },
      conditions: conditions(1, f.rnd.int(60, 9000), [
        { type: 'Ready', status: 'True', reason: 'ChartPullSucceeded', message: `pulled '${chartName}' chart with version '${version}'` },
        { type: 'ArtifactInStorage', status: 'True', reason: 'ChartPullSucceeded', message: `pulled '${chartName}' chart with version '${version}'` },
      ]),
    },
  };
  if (ociRepo && hc.status) delete hc.status.observedSourceArtifactRevision;
  return { release: hr, chart: hc };
}

export function tenant(f: MetaFactory, plan: TenantPlan, receiverFor: (ns: string, git: string) => FleetObject): TenantResult {
  const ns = plan.namespace;
  const out: FleetObject[] = [];
  let failing = 0;
  let rootCauses = 0;
  const events: FleetObject[] = [];
  out.push({ apiVersion: 'v1', kind: 'Namespace', metadata: f.meta(ns, undefined, { labels: { 'kubernetes.io/metadata.name': ns, 'toolkit.fluxcd.io/tenant': ns } }), spec: { finalizers: ['kubernetes'] }, status: { phase: 'Active' } });

  // Healthy Kustomizations have applied exactly what their source holds now.
  const gitRev = `refs/heads/main@sha1:${sha1(f.rnd)}`;
  const ociRev = `1.${f.rnd.int(0, 40)}.${f.rnd.int(0, 9)}@${sha256(f.rnd)}`;
  const git = gitRepository(f, ns, plan.sourceAuth, gitRev);
  out.push(git);
  if (plan.sourceAuth) {
    failing++;
    rootCauses++;
    events.push(event(f, git, 'AuthenticationFailed', `failed to get secret '${ns}/git-credentials': secrets "git-credentials" not found`, 'source-controller', f.rnd.int(1, 20)));
  }
  const oci = ociRepository(f, ns, ociRev);
  out.push(oci);
  const helmRepo = helmRepository(f, ns);
  out.push(helmRepo.obj);

  const broken = new Set<string>();
  for (const spec of KUSTOMIZATIONS) {
    let state: KsState = { kind: 'ok' };
    if (spec.dependsOn && broken.has(spec.dependsOn)) state = { kind: 'dependency', on: spec.dependsOn };
    else if (plan.sourceAuth && spec.source === 'GitRepository') state = { kind: 'artifact' };
    else if (plan.build && spec.name === 'apps') state = { kind: 'build' };
    const ks = kustomization(f, ns, spec, state, gitRev, ociRev);
    out.push(ks);
    if (state.kind !== 'ok') {
      failing++;
      broken.add(spec.name);
    }
    if (state.kind === 'build') {
      rootCauses++;
      const cond = (ks.status?.conditions as Json[] | undefined)?.[0];
      events.push(event(f, ks, 'BuildFailed', String(cond?.message ?? 'kustomize build failed'), 'kustomize-controller', f.rnd.int(1, 20)));
    }
  }

  const charts = f.rnd.shuffle(CHARTS).slice(0, 4);
  charts.forEach((chart, i) => {
    // Release 1 depends on release 0; releases 1..3 are leaves, so a failed upgrade there has no consequences.
    const fails = i >= 1 + UPGRADE_SLOTS - plan.upgrades;
    const pair = helmPair(f, ns, chart, i === 1 ? charts[0]?.[0] : undefined, fails, helmRepo.oci);
    out.push(pair.release, pair.chart);
    if (fails) {
      failing++;
      rootCauses++;
      const cond = (pair.release.status?.conditions as Json[] | undefined)?.[1];
      events.push(event(f, pair.release, 'UpgradeFailed', String(cond?.message ?? 'Helm upgrade failed'), 'helm-controller', f.rnd.int(1, 20)));
    }
  });
  out.push(receiverFor(ns, 'apps'));
  out.push(...events);
  return { objects: out, failing, rootCauses };
}
