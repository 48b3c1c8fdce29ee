// Warning events read defensively (core/v1 Event) and judged against the cluster's clock, never the
// local one, so a recording replays with the same findings.
import type { ClusterState } from '../../cluster/state.js';
import type { KubeObject } from '../../kube/types.js';
import { at, isRecord, num, str } from '../../kube/fields.js';
import type { ResourceRef } from '../../model.js';
import { items } from './inputs.js';

/** "Recent" means within this window before the cluster's clock. */
export const RECENT_MINUTES = 60;
/** Events stamped slightly after `now` (clock skew between nodes) still count. */
const SKEW_MS = 5 * 60_000;

export interface WarningEvent {
  involved: ResourceRef;
  /** apiVersion of the involved object, when the event names it. */
  apiVersion?: string;
  reason: string;
  message: string;
  count: number;
  /** Epoch ms of the last occurrence. */
  time: number;
  /** The component that reported it (reportingController / reportingComponent / source.component), if named. */
  source?: string;
}

function count(value: unknown): number {
  const n = num(value) ?? (typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : undefined);
  return n !== undefined && n > 0 ? Math.floor(n) : 1;
}

/** The newest present of series.lastObservedTime, eventTime and lastTimestamp; creationTimestamp only when none is. */
export function eventTime(ev: KubeObject): number | undefined {
  let best: number | undefined;
  for (const c of [at(ev, 'series', 'lastObservedTime'), at(ev, 'eventTime'), at(ev, 'lastTimestamp')]) {
    const t = Date.parse(str(c) ?? '');
    if (Number.isFinite(t) && (best === undefined || t > best)) best = t;
  }
  if (best !== undefined) return best;
  const created = Date.parse(str(at(ev, 'metadata', 'creationTimestamp')) ?? '');
  return Number.isFinite(created) ? created : undefined;
}

export function parseEvent(ev: KubeObject): WarningEvent | undefined {
  const io = at(ev, 'involvedObject') ?? at(ev, 'regarding');
  if (!isRecord(io)) return undefined;
  const kind = str(io.kind);
  const name = str(io.name);
  const t = eventTime(ev);
  if (!kind || !name || t === undefined) return undefined;
  const involved: ResourceRef = { kind, name };
  const ns = str(io.namespace) || str(at(ev, 'metadata', 'namespace'));
  if (ns) involved.namespace = ns;
  const out: WarningEvent = {
    involved,
    reason: str(at(ev, 'reason')) ?? '',
    message: str(at(ev, 'message')) ?? str(at(ev, 'note')) ?? '',
    count: count(at(ev, 'series', 'count') ?? at(ev, 'count')),
    time: t,
  };
  const apiVersion = str(io.apiVersion);
  if (apiVersion) out.apiVersion = apiVersion;
  const source = str(at(ev, 'reportingController')) || str(at(ev, 'reportingComponent')) || str(at(ev, 'source', 'component'));
  if (source) out.source = source;
  return out;
}

/** Warning events whose last occurrence is within the window before the cluster's clock. */
export function recentWarningEvents(state: ClusterState, minutes = RECENT_MINUTES): WarningEvent[] {
  const now = Date.parse(state.now);
  if (!Number.isFinite(now)) return [];
  const from = now - minutes * 60_000;
  const out: WarningEvent[] = [];
  for (const raw of items(state, 'warningEvents')) {
    // The input is listed with type=Warning; recordings may hold other types.
    const type = str(at(raw, 'type'));
    if (type !== undefined && type !== 'Warning') continue;
    const ev = parseEvent(raw);
    if (ev && ev.time >= from && ev.time <= now + SKEW_MS) out.push(ev);
  }
  return out;
}

/** "12m ago" relative to the cluster's clock. */
export function ago(state: ClusterState, t: number): string {
  const now = Date.parse(state.now);
  const minutes = Math.max(0, Math.round((now - t) / 60_000));
  return minutes < 1 ? 'just now' : `${minutes}m ago`;
}
