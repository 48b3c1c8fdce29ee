// Small Deployment, Pod, Service and EndpointSlice objects for the platform checks' unit tests.
import type { KubeObject } from '../../skill-src/kube/types.js';

export interface DeploymentOpts {
  namespace?: string;
  replicas?: number;
  available?: number;
  image?: string;
  labels?: Record<string, string>;
  selector?: Record<string, string>;
  conditions?: { type: string; status: string; reason?: string; message?: string }[];
}

export function deployment(name: string, opts: DeploymentOpts = {}): KubeObject {
  const replicas = opts.replicas ?? 1;
  const selector = opts.selector ?? { app: name };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: opts.namespace ?? 'flux-system', labels: opts.labels ?? {} },
    spec: {
      replicas,
      selector: { matchLabels: selector },
      template: { metadata: { labels: selector }, spec: { containers: [{ name: 'manager', image: opts.image ?? `ghcr.io/fluxcd/${name}:v1.0.0` }] } },
    },
    status: { replicas, availableReplicas: opts.available ?? replicas, readyReplicas: opts.available ?? replicas, conditions: opts.conditions ?? [] },
  };
}

export function operatorDeployment(opts: DeploymentOpts = {}): KubeObject {
  return deployment('flux-operator', {
    image: 'ghcr.io/controlplaneio-fluxcd/flux-operator:v0.58.1',
    labels: { 'app.kubernetes.io/name': 'flux-operator' },
    selector: { 'app.kubernetes.io/name': 'flux-operator' },
    ...opts,
  });
}

export interface ContainerStatusOpts {
  name?: string;
  ready?: boolean;
  restartCount?: number;
  waiting?: { reason: string; message?: string };
  lastTerminated?: { reason: string; exitCode?: number; finishedAt?: string };
}

export interface PodOpts {
  namespace?: string;
  /** Owning Deployment; the ReplicaSet is `<deployment>-5d9f8c7b6`. */
  deployment?: string;
  labels?: Record<string, string>;
  phase?: string;
  ready?: boolean;
  readyMessage?: string;
  scheduled?: { status: 'True' | 'False'; reason?: string; message?: string };
  containers?: ContainerStatusOpts[];
}

export function pod(name: string, opts: PodOpts = {}): KubeObject {
  const ready = opts.ready ?? true;
  const containers = (opts.containers ?? [{}]).map((c) => {
    const status: Record<string, unknown> = { name: c.name ?? 'manager', ready: c.ready ?? ready, restartCount: c.restartCount ?? 0 };
    status.state = c.waiting ? { waiting: c.waiting } : { running: { startedAt: '2026-11-25T08:00:00Z' } };
    if (c.lastTerminated) status.lastState = { terminated: c.lastTerminated };
    return status;
  });
  const conditions: Record<string, unknown>[] = [{ type: 'Ready', status: ready ? 'True' : 'False', reason: ready ? '' : 'ContainersNotReady', message: ready ? '' : opts.readyMessage ?? 'containers with unready status: [manager]' }];
  if (opts.scheduled) conditions.push({ type: 'PodScheduled', ...opts.scheduled });
  const metadata: Record<string, unknown> = { name, namespace: opts.namespace ?? 'flux-system', labels: opts.labels ?? {} };
  if (opts.deployment) metadata.ownerReferences = [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: `${opts.deployment}-5d9f8c7b6`, controller: true }];
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata,
    spec: {},
    status: { phase: opts.phase ?? (ready ? 'Running' : 'Running'), conditions, containerStatuses: containers },
  };
}

export function service(name: string, ports: { name?: string; port: number }[], namespace = 'flux-system'): KubeObject {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name, namespace }, spec: { ports: ports.map((p) => ({ protocol: 'TCP', targetPort: p.port, ...p })) } };
}

export function endpointSlice(service: string, ready: (boolean | undefined)[], namespace = 'flux-system'): KubeObject {
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: { name: `${service}-abcde`, namespace, labels: { 'kubernetes.io/service-name': service } },
    addressType: 'IPv4',
    endpoints: ready.map((r, i) => ({ addresses: [`10.0.0.${i + 1}`], conditions: r === undefined ? {} : { ready: r } })),
    ports: [{ name: 'http-web', port: 9080, protocol: 'TCP' }],
  };
}
