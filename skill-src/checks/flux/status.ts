// One reading of a Flux object's health (Ready / Stalled / Reconciling / stale / suspended), shared by
// every GitOps check and by the per-kind counts, so all kinds are judged the same way.
import type { InputId } from '../../cluster/inputs.js';
import type { ClusterState } from '../../cluster/state.js';
import type { KubeObject } from '../../kube/types.js';
import { at, conditions, generation, isSuspended, kind as kindOf, observedGeneration, str } from '../../kube/fields.js';
import type { ResourceRef } from '../../model.js';
import { cliName, KINDS, kindSpec } from '../../kinds/table.js';
import { describe, isObjectName, kubectl, parts, step, type Command, type NextFields } from '../../report/next-step.js';
import { shorten } from '../../text/shorten.js';

export type FluxState =
  | 'ready' // Ready=True at the current generation
  | 'suspended' // spec.suspend: true, not judged further
  | 'static' // no conditions by design (Alert, Provider, OCI HelmRepository)
  | 'stale' // generation ahead of observedGeneration: the controller has not yet seen the latest spec
  | 'progressing' // Ready=Unknown (or no Ready but Reconciling=True)
  | 'failed' // Ready=False
  | 'stalled' // Stalled=True: the controller gave up until the spec changes
  | 'unreconciled'; // no Ready condition at all: never reconciled

export interface FluxHealth {
  state: FluxState;
  /** Ready=True at the current generation; a suspended object can still be ready. */
  ready: boolean;
  /** The reason to report: the condition's reason verbatim, or a validator reason. */
  reason: string;
  /** One line. */
  message: string;
  /** The Ready condition's reason verbatim ('' when absent). */
  readyReason: string;
  /** The Ready condition's message, one line ('' when absent). */
  readyMessage: string;
}

/** Validator reasons for states that carry no Kubernetes reason of their own. */
export const STATE_REASONS = {
  suspended: 'Suspended',
  stale: 'StaleStatus',
  progressing: 'Progressing',
  unreconciled: 'NotReconciled',
  notReady: 'NotReady',
  stalled: 'Stalled',
} as const;

/** Controllers' messages are kept whole up to this many code points (renderers shorten further for display). */
export const MAX_MESSAGE = 2000;

/**
 * Condition and event messages can span lines (Helm test output); findings carry one bounded line. Long
 * text loses its middle, never its tail, where Kubernetes, Helm and kustomize put the cause.
 */
export function oneLine(text: string, max = MAX_MESSAGE): string {
  return shorten(text.replace(/\s*\n\s*/g, ' ').replace(/\s+/g, ' ').trim(), max);
}

/**
 * Objects that carry no status conditions by design (the kind table's health rule: Alert and Provider
 * v1beta3, a HelmRepository of type oci), so an absent Ready is not a failure. An object without an
 * apiVersion is judged at the kind's newest version.
 */
export function isStaticByDesign(obj: KubeObject, kind = kindOf(obj)): boolean {
  const spec = kindSpec(kind);
  if (!spec) return false;
  const rule = spec.health;
  const version = (str(obj.apiVersion) ?? '').split('/')[1] || spec.versions[0];
  if (rule.staticVersions && version !== undefined && rule.staticVersions.includes(version)) return true;
  return rule.staticSpecType !== undefined && at(obj, 'spec', 'type') === rule.staticSpecType;
}

function describeLast(readyStatus: string | undefined, reason: string, message: string): string {
  if (!readyStatus) return '';
  const what = reason ? `Ready=${readyStatus} ${reason}` : `Ready=${readyStatus}`;
  return message ? `${what}: ${message}` : what;
}

/** An object's health; computed once per run, by the graph (graph.ts), which every check reads it from. */
export function fluxHealth(obj: KubeObject, kind = kindOf(obj)): FluxHealth {
  const conds = conditions(obj);
  const readyC = conds.find((c) => c.type === 'Ready');
  const stalledC = conds.find((c) => c.type === 'Stalled');
  const reconcilingC = conds.find((c) => c.type === 'Reconciling');
  const gen = generation(obj);
  // The Ready condition's own observedGeneration is the most precise; sources keep status.observedGeneration
  // at the last successful generation while their conditions already describe the new one.
  const og = readyC?.observedGeneration ?? observedGeneration(obj);
  const current = gen === undefined || og === undefined || og >= gen;
  const readyReason = readyC?.reason ?? '';
  const readyMessage = oneLine(readyC?.message ?? '');
  const ready = readyC?.status === 'True' && current;
  const base = { ready, readyReason, readyMessage };
  const last = describeLast(readyC?.status, readyReason, readyMessage);

  if (isSuspended(obj)) {
    return { ...base, state: 'suspended', reason: STATE_REASONS.suspended, message: oneLine(`reconciliation is suspended (spec.suspend: true)${last ? `; last status ${last}` : ''}`) };
  }
  if (isStaticByDesign(obj, kind)) {
    return { ...base, ready: true, state: 'static', reason: '', message: '' };
  }
  if (!current) {
    return {
      ...base,
      state: 'stale',
      reason: STATE_REASONS.stale,
      message: oneLine(`generation ${gen} not yet reconciled (last observed ${og})${last ? `; last status ${last}` : ''}`),
    };
  }
  if (stalledC?.status === 'True') {
    const stalledMessage = oneLine(stalledC.message);
    const extra = readyC?.status === 'False' && readyMessage && readyMessage !== stalledMessage ? `; last failure ${readyReason || 'NotReady'}: ${readyMessage}` : '';
    return { ...base, state: 'stalled', reason: stalledC.reason || STATE_REASONS.stalled, message: oneLine(`${stalledMessage || 'the controller stopped retrying'}${extra}`) };
  }
  if (readyC?.status === 'False') {
    return { ...base, state: 'failed', reason: readyReason || STATE_REASONS.notReady, message: readyMessage || 'Ready=False with no message' };
  }
  if (readyC?.status === 'Unknown' || (!readyC && reconcilingC?.status === 'True')) {
    const detail = readyMessage || oneLine(reconcilingC?.message ?? '') || 'reconciliation in progress';
    const retry = reconcilingC?.reason === 'ProgressingWithRetry' ? ' (retrying after a failure)' : '';
    return { ...base, state: 'progressing', reason: STATE_REASONS.progressing, message: oneLine(`in progress${retry}: ${detail}`) };
  }
  if (readyC?.status === 'True') return { ...base, state: 'ready', reason: '', message: '' };
  return {
    ...base,
    state: 'unreconciled',
    reason: STATE_REASONS.unreconciled,
    message: 'no Ready condition: the controller has not reported on this object yet',
  };
}

/** States that are errors; everything else that is not ready is a warning at most. */
export function isFailing(h: FluxHealth): boolean {
  return h.state === 'failed' || h.state === 'stalled';
}

// ---- kinds: where they come from, how to name them on the command line, which controller owns them

export interface FluxKindInfo {
  kind: string;
  input: InputId;
  /** The name kubectl accepts without ambiguity (plural.group). */
  cli: string;
  controller: string;
}

export const FLUX_KINDS: readonly FluxKindInfo[] = KINDS.map((k) => ({ kind: k.kind, input: k.input, cli: cliName(k), controller: k.controller }));

const BY_KIND = new Map(FLUX_KINDS.map((k) => [k.kind, k]));

export function kindInfo(kind: string): FluxKindInfo | undefined {
  return BY_KIND.get(kind);
}

// ---- next steps

/** Picks the anchor: the reason's own section when the check documents it, else the generic one. */
export function anchorFor(reason: string, known: readonly string[]): string {
  return known.includes(reason) ? reason : STATE_REASONS.notReady;
}

export function describeCommand(r: ResourceRef): Command {
  return describe(r);
}

/** The owning controller's recent log lines; the note names the object when its name is valid. */
export function logsStep(state: ClusterState, r: ResourceRef, reason: string): NextFields {
  const controller = kindInfo(r.kind)?.controller ?? 'source-controller';
  const about = isObjectName(r.name) ? `look for lines about ${r.name}` : 'look for lines about this object';
  return step(reason, kubectl(parts.namespace(state.operatorNamespace), 'logs', `deploy/${controller}`, '--since=1h'), about);
}

/** `ns/name` for messages. */
export function shortName(r: ResourceRef): string {
  return r.namespace ? `${r.namespace}/${r.name}` : r.name;
}

/** The artifact revision a source stores (status.artifact.revision), if any. */
export function artifactRevision(obj: KubeObject): string | undefined {
  return str(at(obj, 'status', 'artifact', 'revision')) || undefined;
}
