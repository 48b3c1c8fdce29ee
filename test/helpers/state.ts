// Builds ClusterState values for unit tests of checks: small, explicit, no fixture files needed.
import type { InputId } from '../../skill-src/cluster/inputs.js';
import type { ClusterState, InputError, InputResult } from '../../skill-src/cluster/state.js';
import type { KubeObject } from '../../skill-src/kube/types.js';

export const NOW = '2026-11-25T10:00:00.000Z';

/** NOW minus some minutes, as a condition's lastTransitionTime. */
export function minutesAgo(minutes: number): string {
  return new Date(Date.parse(NOW) - minutes * 60_000).toISOString();
}

export function ok(items: KubeObject[], apiVersion = 'v1'): InputResult {
  return { ok: true, apiVersion, items };
}

export function failed(code: InputError['code'], message = `${code} (test)`, status?: number): InputResult {
  const error: InputError = { code, message };
  if (status !== undefined) error.status = status;
  return { ok: false, error };
}

/** A healthy-by-default state; pass the inputs a test cares about. Unlisted inputs are absent. */
export function state(inputs: Partial<Record<InputId, InputResult>> = {}, overrides: Partial<ClusterState> = {}): ClusterState {
  return {
    mode: 'snapshot',
    now: NOW,
    connection: { context: 'test', server: 'https://127.0.0.1:6443', version: 'v1.33.2', rttMs: 3 },
    operatorNamespace: 'flux-system',
    namespaceSource: 'label',
    inputs,
    access: [],
    ui: { probed: false, reason: 'disabled with --no-probe-ui' },
    ...overrides,
  };
}

/** A Flux-style object with a Ready condition. */
export function fluxObject(
  kind: string,
  name: string,
  opts: {
    namespace?: string;
    apiVersion?: string;
    generation?: number;
    observedGeneration?: number;
    spec?: Record<string, unknown>;
    status?: Record<string, unknown>;
    conditions?: { type: string; status: 'True' | 'False' | 'Unknown'; reason?: string; message?: string; lastTransitionTime?: string }[];
    annotations?: Record<string, string>;
    labels?: Record<string, string>;
  } = {},
): KubeObject {
  const generation = opts.generation ?? 1;
  const conditions = (opts.conditions ?? [{ type: 'Ready', status: 'True', reason: 'Succeeded', message: 'ok' }]).map((c) => ({
    lastTransitionTime: '2026-11-25T09:00:00Z',
    observedGeneration: opts.observedGeneration ?? generation,
    reason: '',
    message: '',
    ...c,
  }));
  const metadata: Record<string, unknown> = { name, namespace: opts.namespace ?? 'flux-system', generation };
  if (opts.annotations) metadata.annotations = opts.annotations;
  if (opts.labels) metadata.labels = opts.labels;
  return {
    apiVersion: opts.apiVersion ?? 'v1',
    kind,
    metadata,
    spec: opts.spec ?? {},
    status: { observedGeneration: opts.observedGeneration ?? generation, conditions, ...opts.status },
  };
}
