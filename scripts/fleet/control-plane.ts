// The Flux Operator, its FluxInstance and FluxReport, and the Flux controllers in flux-system,
// labelled as the operator and the Flux release manifests label them.
import { crds } from './crds.js';
import { API, FLUX_VERSION, OPERATOR_VERSION, ago, conditions, sha1, sha256, type FleetObject, type Json, type MetaFactory } from './meta.js';

export const FLUX_NS = 'flux-system';

interface Controller {
  name: string;
  image: string;
  ports: { name: string; containerPort: number }[];
}

const CONTROLLERS: Controller[] = [
  { name: 'source-controller', image: 'ghcr.io/fluxcd/source-controller:v1.7.4', ports: [{ name: 'http', containerPort: 9090 }, { name: 'http-prom', containerPort: 8080 }, { name: 'healthz', containerPort: 9440 }] },
  { name: 'kustomize-controller', image: 'ghcr.io/fluxcd/kustomize-controller:v1.7.3', ports: [{ name: 'http-prom', containerPort: 8080 }, { name: 'healthz', containerPort: 9440 }] },
  { name: 'helm-controller', image: 'ghcr.io/fluxcd/helm-controller:v1.4.5', ports: [{ name: 'http-prom', containerPort: 8080 }, { name: 'healthz', containerPort: 9440 }] },
  { name: 'notification-controller', image: 'ghcr.io/fluxcd/notification-controller:v1.7.5', ports: [{ name: 'http', containerPort: 9090 }, { name: 'http-webhook', containerPort: 9292 }, { name: 'http-prom', containerPort: 8080 }, { name: 'healthz', containerPort: 9440 }] },
];

const OPERATOR_IMAGE = `ghcr.io/controlplaneio-fluxcd/flux-operator:${OPERATOR_VERSION}`;
const OPERATOR_LABELS = { 'app.kubernetes.io/name': 'flux-operator' };

function operatorStamp(): Record<string, string> {
  return {
    'app.kubernetes.io/instance': FLUX_NS,
    'app.kubernetes.io/managed-by': 'flux-operator',
    'app.kubernetes.io/part-of': 'flux',
    'app.kubernetes.io/version': FLUX_VERSION,
  };
}

function deployment(f: MetaFactory, name: string, labels: Record<string, string>, podLabels: Record<string, string>, container: Json, serviceAccount: string): FleetObject {
  const generation = f.rnd.int(1, 6);
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: f.meta(name, FLUX_NS, { generation, labels, annotations: { 'deployment.kubernetes.io/revision': String(generation) } }),
    spec: {
      replicas: 1,
      revisionHistoryLimit: 10,
      selector: { matchLabels: name === 'flux-operator' ? OPERATOR_LABELS : { app: name } },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
      template: {
        metadata: { labels: podLabels, annotations: { 'prometheus.io/port': '8080', 'prometheus.io/scrape': 'true' } },
        spec: { serviceAccountName: serviceAccount, terminationGracePeriodSeconds: 10, containers: [container], securityContext: { fsGroup: 1337 } },
      },
    },
    status: {
      observedGeneration: generation,
      replicas: 1,
      updatedReplicas: 1,
      readyReplicas: 1,
      availableReplicas: 1,
      conditions: [
        { type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable', message: 'Deployment has minimum availability.', lastUpdateTime: ago(600), lastTransitionTime: ago(600) },
        { type: 'Progressing', status: 'True', reason: 'NewReplicaSetAvailable', message: `ReplicaSet "${name}-${f.rnd.hex(10)}" has successfully progressed.`, lastUpdateTime: ago(900), lastTransitionTime: ago(900) },
      ],
    },
  };
}

function pod(f: MetaFactory, name: string, labels: Record<string, string>, container: Json, ip: string): FleetObject {
  const started = ago(f.rnd.int(600, 5000));
  const image = String(container.image);
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: f.meta(`${name}-${f.rnd.hex(10)}-${f.rnd.suffix(5)}`, FLUX_NS, { labels: { ...labels, 'pod-template-hash': f.rnd.hex(10) } }),
    spec: { containers: [container], nodeName: `node-${f.rnd.int(1, 5)}`, serviceAccountName: name, restartPolicy: 'Always' },
    status: {
      phase: 'Running',
      podIP: ip,
      startTime: started,
      qosClass: 'Burstable',
      conditions: [
        { type: 'Initialized', status: 'True', lastTransitionTime: started },
        { type: 'Ready', status: 'True', lastTransitionTime: started },
        { type: 'ContainersReady', status: 'True', lastTransitionTime: started },
        { type: 'PodScheduled', status: 'True', lastTransitionTime: started },
      ],
      containerStatuses: [
        { name: String(container.name), image, imageID: `${image.split(':')[0]}@${sha256(f.rnd)}`, ready: true, started: true, restartCount: 0, state: { running: { startedAt: started } } },
      ],
    },
  };
}

function service(f: MetaFactory, name: string, labels: Record<string, string>, selector: Record<string, string>, ports: Json[]): FleetObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: f.meta(name, FLUX_NS, { labels }),
    spec: { type: 'ClusterIP', clusterIP: `10.96.${f.rnd.int(0, 255)}.${f.rnd.int(1, 254)}`, selector, ports },
    status: { loadBalancer: {} },
  };
}

function endpointSlice(f: MetaFactory, svc: string, labels: Record<string, string>, ip: string, podName: string, ports: Json[]): FleetObject {
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: f.meta(`${svc}-${f.rnd.suffix(5)}`, FLUX_NS, { labels: { ...labels, 'kubernetes.io/service-name': svc, 'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io' } }),
    addressType: 'IPv4',
    endpoints: [{ addresses: [ip], conditions: { ready: true, serving: true, terminating: false }, targetRef: { kind: 'Pod', namespace: FLUX_NS, name: podName } }],
    ports,
  };
}

export interface ReconcilerStats {
  apiVersion: string;
  kind: string;
  running: number;
  failing: number;
  suspended: number;
}

/** The revision the flux-system GitRepository holds; the sync and add-on Kustomizations have applied it. */
export function syncRevision(f: MetaFactory): string {
  return (f.syncRevision ??= `refs/heads/main@sha1:${sha1(f.rnd)}`);
}

/** Everything in flux-system except the FluxReport, which summarises the finished fleet (see fluxReport). */
export function controlPlane(f: MetaFactory): FleetObject[] {
  const rnd = f.rnd;
  const out: FleetObject[] = crds(f);
  out.push({ apiVersion: 'v1', kind: 'Namespace', metadata: f.meta(FLUX_NS, undefined, { labels: { ...OPERATOR_LABELS, 'kubernetes.io/metadata.name': FLUX_NS } }), spec: { finalizers: ['kubernetes'] }, status: { phase: 'Active' } });

  const opContainer: Json = {
    name: 'manager',
    image: OPERATOR_IMAGE,
    args: ['--log-level=info', '--log-encoding=json'],
    env: [{ name: 'RUNTIME_NAMESPACE', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } }],
    ports: [{ name: 'http-web', containerPort: 9080 }, { name: 'http-metrics', containerPort: 8080 }, { name: 'http', containerPort: 8081 }],
    livenessProbe: { httpGet: { path: '/healthz', port: 8081 } },
    readinessProbe: { httpGet: { path: '/readyz', port: 8081 } },
    resources: { limits: { cpu: '2', memory: '1Gi' }, requests: { cpu: '100m', memory: '64Mi' } },
  };
  out.push(deployment(f, 'flux-operator', OPERATOR_LABELS, OPERATOR_LABELS, opContainer, 'flux-operator'));
  const opIp = `10.244.${rnd.int(0, 7)}.${rnd.int(2, 250)}`;
  const opPod = pod(f, 'flux-operator', OPERATOR_LABELS, opContainer, opIp);
  out.push(opPod);
  const opPorts = [{ name: 'http-web', port: 9080, protocol: 'TCP', targetPort: 9080 }, { name: 'http', port: 8080, protocol: 'TCP', targetPort: 8080 }];
  out.push(service(f, 'flux-operator', OPERATOR_LABELS, OPERATOR_LABELS, opPorts));
  out.push(endpointSlice(f, 'flux-operator', OPERATOR_LABELS, opIp, opPod.metadata.name, [{ name: 'http-web', port: 9080, protocol: 'TCP' }, { name: 'http', port: 8080, protocol: 'TCP' }]));

  for (const c of CONTROLLERS) {
    const labels = { ...operatorStamp(), 'app.kubernetes.io/component': c.name, 'control-plane': 'controller' };
    const podLabels = { app: c.name, 'app.kubernetes.io/component': c.name, 'app.kubernetes.io/part-of': 'flux' };
    const container: Json = {
      name: 'manager',
      image: c.image,
      args: ['--events-addr=http://notification-controller.flux-system.svc.cluster.local./', '--watch-all-namespaces=true', '--log-level=info', '--log-encoding=json', '--enable-leader-election'],
      ports: c.ports.map((p) => ({ ...p, protocol: 'TCP' })),
      livenessProbe: { httpGet: { path: '/healthz', port: 'healthz' } },
      readinessProbe: { httpGet: { path: '/readyz', port: 'healthz' } },
      resources: { limits: { cpu: '1', memory: '1Gi' }, requests: { cpu: '100m', memory: '64Mi' } },
    };
    out.push(deployment(f, c.name, labels, podLabels, container, c.name));
    const ip = `10.244.${rnd.int(0, 7)}.${rnd.int(2, 250)}`;
    const p = pod(f, c.name, podLabels, container, ip);
    out.push(p);
    const services: [string, string, number][] =
      c.name === 'source-controller' ? [['source-controller', 'http', 9090]] : c.name === 'notification-controller' ? [['notification-controller', 'http', 9090], ['webhook-receiver', 'http-webhook', 9292]] : [];
    for (const [svc, portName, target] of services) {
      out.push(service(f, svc, { ...operatorStamp(), 'control-plane': 'controller' }, { app: c.name }, [{ name: 'http', port: 80, protocol: 'TCP', targetPort: portName }]));
      out.push(endpointSlice(f, svc, { ...operatorStamp(), 'control-plane': 'controller' }, ip, p.metadata.name, [{ name: 'http', port: target, protocol: 'TCP' }]));
    }
  }

  const instGen = rnd.int(1, 4);
  const distribution = `${FLUX_VERSION}@${sha256(rnd)}`;
  out.push({
    apiVersion: API.operator,
    kind: 'FluxInstance',
    metadata: f.meta('flux', FLUX_NS, { generation: instGen, annotations: { 'fluxcd.controlplane.io/reconcileEvery': '1h', 'fluxcd.controlplane.io/reconcileTimeout': '5m' }, finalizers: ['fluxcd.controlplane.io/finalizer'] }),
    spec: {
      distribution: { version: '2.7.x', registry: 'ghcr.io/fluxcd', artifact: 'oci://ghcr.io/controlplaneio-fluxcd/flux-operator-manifests' },
      components: CONTROLLERS.map((c) => c.name),
      cluster: { type: 'kubernetes', size: 'large', multitenant: false, networkPolicy: true, domain: 'cluster.local' },
      sync: { kind: 'GitRepository', url: 'https://github.com/example-org/fleet-infra.git', ref: 'refs/heads/main', path: 'clusters/production', pullSecret: 'flux-system' },
    },
    status: {
      observedGeneration: instGen,
      lastAppliedRevision: distribution,
      lastAttemptedRevision: distribution,
      lastArtifactRevision: `latest@${sha256(rnd)}`,
      components: CONTROLLERS.map((c) => {
        const [repository, tag] = c.image.split(':');
        return { name: c.name, repository, tag, digest: sha256(rnd) };
      }),
      conditions: conditions(instGen, 55, [{ type: 'Ready', status: 'True', reason: 'ReconciliationSucceeded', message: 'Reconciliation finished in 14s' }]),
    },
  });

  // The cluster's own sync: GitRepository and Kustomization flux-system, created by the FluxInstance.
  const rev = syncRevision(f);
  out.push({
    apiVersion: API.source,
    kind: 'GitRepository',
    metadata: f.meta(FLUX_NS, FLUX_NS, { generation: 1, labels: operatorStamp(), finalizers: ['finalizers.fluxcd.io'] }),
    spec: { interval: '1m0s', url: 'https://github.com/example-org/fleet-infra.git', ref: { name: 'refs/heads/main' }, secretRef: { name: 'flux-system' }, timeout: '60s' },
    status: {
      observedGeneration: 1,
      artifact: { digest: sha256(rnd), lastUpdateTime: ago(30), path: `gitrepository/flux-system/flux-system/${rnd.hex(40)}.tar.gz`, revision: rev, size: rnd.int(20_000, 900_000), url: `http://source-controller.flux-system.svc.cluster.local./gitrepository/flux-system/flux-system/${rnd.hex(40)}.tar.gz` },
      conditions: conditions(1, 30, [
        { type: 'Ready', status: 'True', reason: 'Succeeded', message: `stored artifact for revision '${rev}'` },
        { type: 'ArtifactInStorage', status: 'True', reason: 'Succeeded', message: `stored artifact for revision '${rev}'` },
      ]),
    },
  });
  out.push({
    apiVersion: API.kustomize,
    kind: 'Kustomization',
    metadata: f.meta(FLUX_NS, FLUX_NS, { generation: 1, labels: operatorStamp(), finalizers: ['finalizers.fluxcd.io'] }),
    spec: { interval: '10m0s', path: './clusters/production', prune: true, sourceRef: { kind: 'GitRepository', name: FLUX_NS }, timeout: '5m' },
    status: {
      observedGeneration: 1,
      lastAppliedRevision: rev,
      lastAttemptedRevision: rev,
      conditions: conditions(1, 29, [{ type: 'Ready', status: 'True', reason: 'ReconciliationSucceeded', message: `Applied revision: ${rev}` }]),
    },
  });

  out.push({
    apiVersion: API.notificationBeta,
    kind: 'Provider',
    metadata: f.meta('slack', FLUX_NS, { generation: 1 }),
    spec: { type: 'slack', channel: 'flux-alerts', secretRef: { name: 'slack-webhook' } },
  });
  out.push({
    apiVersion: API.notificationBeta,
    kind: 'Alert',
    metadata: f.meta('on-call', FLUX_NS, { generation: 1 }),
    spec: {
      providerRef: { name: 'slack' },
      eventSeverity: 'error',
      eventSources: [{ kind: 'GitRepository', name: '*' }, { kind: 'Kustomization', name: '*' }, { kind: 'HelmRelease', name: '*' }],
    },
  });
  out.push(receiver(f, FLUX_NS, FLUX_NS));
  return out;
}

/** A GitHub push Receiver for one GitRepository: the way to reconcile on push instead of polling. */
export function receiver(f: MetaFactory, namespace: string, gitRepository: string): FleetObject {
  const token = f.rnd.hex(64);
  return {
    apiVersion: API.notification,
    kind: 'Receiver',
    metadata: f.meta('github-push', namespace, { generation: 1 }),
    spec: { type: 'github', events: ['ping', 'push'], secretRef: { name: 'webhook-token' }, resources: [{ apiVersion: 'source.toolkit.fluxcd.io/v1', kind: 'GitRepository', name: gitRepository }] },
    status: {
      observedGeneration: 1,
      webhookPath: `/hook/${token}`,
      conditions: conditions(1, f.rnd.int(600, 9000), [{ type: 'Ready', status: 'True', reason: 'Succeeded', message: `Receiver initialized for path: /hook/${token}` }]),
    },
  };
}

/** The operator's FluxReport `flux`, with per-kind counts taken from the finished fleet. */
export function fluxReport(f: MetaFactory, stats: ReconcilerStats[], nodes: number): FleetObject {
  const gen = 1;
  return {
    apiVersion: API.operator,
    kind: 'FluxReport',
    metadata: f.meta('flux', FLUX_NS, { generation: gen, labels: { 'app.kubernetes.io/managed-by': 'flux-operator' } }),
    spec: {
      cluster: { platform: 'linux/amd64', serverVersion: 'v1.33.2', nodes },
      components: CONTROLLERS.map((c) => ({ name: c.name, image: `${c.image}@${sha256(f.rnd)}`, ready: true, status: 'Current Deployment is available. Replicas: 1' })),
      distribution: { entitlement: 'Issued by controlplane', managedBy: 'flux-operator', status: 'Installed', version: FLUX_VERSION },
      operator: { apiVersion: API.operator, platform: 'linux/amd64', version: OPERATOR_VERSION },
      reconcilers: stats.map((s) => ({ apiVersion: s.apiVersion, kind: s.kind, stats: { failing: s.failing, running: s.running, suspended: s.suspended } })),
      sync: { ready: true, id: 'kustomization/flux-system', path: 'clusters/production', source: 'https://github.com/example-org/fleet-infra.git', status: `Applied revision: ${syncRevision(f)}` },
    },
    status: { conditions: conditions(gen, 3, [{ type: 'Ready', status: 'True', reason: 'ReconciliationSucceeded', message: 'Reporting finished in 312ms' }]) },
  };
}
