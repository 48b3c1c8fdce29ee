// Shared shapes and helpers for generated fleet objects.
import type { Random } from './random.js';

export const RECORDED_AT = '2026-11-25T10:00:00Z';
const RECORDED_MS = Date.parse(RECORDED_AT);

export const FLUX_VERSION = 'v2.7.5';
export const OPERATOR_VERSION = 'v0.58.1';

export const API = {
  source: 'source.toolkit.fluxcd.io/v1',
  kustomize: 'kustomize.toolkit.fluxcd.io/v1',
  helm: 'helm.toolkit.fluxcd.io/v2',
  notification: 'notification.toolkit.fluxcd.io/v1',
  notificationBeta: 'notification.toolkit.fluxcd.io/v1beta3',
  operator: 'fluxcd.controlplane.io/v1',
} as const;

export type Json = Record<string, unknown>;

export interface Metadata {
  name: string;
  namespace?: string;
  uid: string;
  resourceVersion: string;
  generation?: number;
  creationTimestamp: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  [key: string]: unknown;
}

export interface FleetObject {
  apiVersion: string;
  kind: string;
  metadata: Metadata;
  spec?: Json;
  status?: Json;
  [key: string]: unknown;
}

export interface ConditionSpec {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  reason: string;
  message: string;
}

/** ISO time `minutes` before the recording, without milliseconds (as the API server prints it). */
export function ago(minutes: number): string {
  return new Date(RECORDED_MS - Math.round(minutes * 60_000)).toISOString().replace('.000Z', 'Z');
}

/** Allocates uids, resource versions and creation times from the seeded stream. */
export class MetaFactory {
  private rv = 1_048_576;
  /** The flux-system GitRepository's revision, shared by the Kustomizations that apply it. */
  syncRevision: string | undefined;
  constructor(readonly rnd: Random) {}
  meta(name: string, namespace: string | undefined, extra: Partial<Metadata> = {}): Metadata {
    this.rv += this.rnd.int(1, 40);
    // Key order as the API server prints it: name, namespace first.
    const m: Metadata = {
      name,
      ...(namespace !== undefined ? { namespace } : {}),
      uid: this.rnd.uuid(),
      resourceVersion: String(this.rv),
      creationTimestamp: ago(this.rnd.int(60 * 24 * 7, 60 * 24 * 400)),
      ...extra,
    };
    return m;
  }
}

export function conditions(generation: number, minutesAgo: number, list: ConditionSpec[]): Json[] {
  return list.map((c) => ({
    lastTransitionTime: ago(minutesAgo),
    message: c.message,
    observedGeneration: generation,
    reason: c.reason,
    status: c.status,
    type: c.type,
  }));
}

export function sha1(rnd: Random): string {
  return rnd.hex(40);
}

export function sha256(rnd: Random): string {
  return `sha256:${rnd.hex(64)}`;
}
