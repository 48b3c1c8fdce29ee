// Turns a Flux object's health into its finding, the same way for every kind: severity from the state,
// the Kubernetes reason verbatim, the root cause (another object) when the graph finds one.
import type { ClusterState } from '../../cluster/state.js';
import type { Finding, ResourceRef, Severity } from '../../model.js';
import type { FluxGraph, FluxNode, MissingRef } from '../../graph/graph.js';
import { progressAge } from './progress-age.js';
import { sinceOf } from './since.js';
import { anchorFor, describeCommand, isFailing, logsStep, MAX_MESSAGE, oneLine, shortName, STATE_REASONS, type FluxHealth } from './status.js';
import { list, step, type Command, type NextFields } from '../../report/next-step.js';

export const GRAPH_REASONS = {
  cycle: 'DependencyCycle',
  dependencyNotReady: 'DependencyNotReady',
  dependencyNotFound: 'DependencyNotFound',
  sourceNotFound: 'SourceNotFound',
} as const;

/** Length a message with the validator's own notes aims at, and the least kept of the controller's text. */
const MESSAGE_BUDGET = MAX_MESSAGE;
const MIN_HEAD = 1200;

/** Reasons every object-health finding may carry, whatever the kind. */
export const HEALTH_REASONS: readonly string[] = [
  STATE_REASONS.suspended,
  STATE_REASONS.stale,
  STATE_REASONS.progressing,
  STATE_REASONS.unreconciled,
  STATE_REASONS.notReady,
  STATE_REASONS.stalled,
];

/**
 * The severity of an object's own state. In progress is judged by how long (progress-age.ts); suspended
 * is a choice, not a fault (info), unless something is held back by it (warning: it never resumes by itself).
 */
export function severityOf(state: ClusterState, graph: FluxGraph, node: FluxNode): { severity: Severity; note?: string } | undefined {
  const h = node.health;
  if (h.state === 'ready' || h.state === 'static') return undefined;
  if (isFailing(h)) return { severity: 'error' };
  if (h.state === 'progressing') return progressAge(state, node.obj);
  if (h.state === 'suspended') return { severity: graph.heldBack(node.ref).length > 0 ? 'warning' : 'info' };
  return { severity: 'warning' };
}

/**
 * How the root of a consequence is doing: an error when it fails, is suspended or is a cycle; in progress,
 * as long as progress-age.ts judges it. (A root always exists: a missing reference ends the walk at its referrer.)
 */
function rootSeverity(state: ClusterState, graph: FluxGraph, root: ResourceRef): { severity: Severity; summary: string } {
  const l = graph.lookup(root);
  const cycle = graph.cycleAt(root);
  if (cycle) return { severity: 'error', summary: `${GRAPH_REASONS.cycle}` };
  if ('found' in l) {
    const h = l.found.health;
    // Suspended, it will never become ready: what fails waiting on it keeps failing until it is resumed.
    if (h.state === 'suspended') return { severity: 'error', summary: 'suspended' };
    if (h.state === 'progressing') return { severity: progressAge(state, l.found.obj).severity, summary: h.reason };
    return { severity: isFailing(h) ? 'error' : 'warning', summary: h.reason || 'not ready' };
  }
  return { severity: 'warning', summary: 'unknown' };
}

/** What an object references that does not exist, in the report's words: `its source HelmRepository ns/name does not exist`. */
function missingText(missing: readonly MissingRef[]): string {
  return missing.map((m) => `its ${m.noun} ${m.ref.kind} ${shortName(m.ref)} does not exist`).join('; ');
}

function missingReason(missing: readonly MissingRef[]): string {
  return missing[0]?.role === 'dependency' ? GRAPH_REASONS.dependencyNotFound : GRAPH_REASONS.sourceNotFound;
}

/** Lists the kind of the first missing object where it should be: what exists shows a typo or what was never applied. */
function missingCommand(missing: readonly MissingRef[]): Command | undefined {
  const first = missing[0];
  return first ? list(first.ref.kind, first.ref.namespace) : undefined;
}

export interface HealthFindingOptions {
  /** Reasons the check documents in reference.md; others point at the generic section. */
  known: readonly string[];
  /** The best next command for an object's own failure (default: describe it). */
  command?: (node: FluxNode, h: FluxHealth) => Command;
  /** What to check besides the command, in the report's own words (validated names only). */
  note?: (node: FluxNode, h: FluxHealth) => string | undefined;
  /** Extra one-line facts appended to the message (revisions, counters). */
  details?: string[];
}

/**
 * The finding for one object's health; undefined when it is healthy (or has no conditions by design) and
 * references nothing that is missing.
 */
export function healthFinding(state: ClusterState, graph: FluxGraph, node: FluxNode, opts: HealthFindingOptions): Finding | undefined {
  const h = node.health;
  const missing = graph.missingTargets(node);
  const own = severityOf(state, graph, node);
  if (!own) return missing.length > 0 ? danglingFinding(node, missing) : undefined;
  let severity = own.severity;
  const ref = node.ref;
  let reason = h.reason;
  let message = h.message;
  const suffixes: string[] = [];
  const root = graph.rootCause(ref);
  const cycle = graph.cycleAt(ref);
  let command: Command | undefined;
  let logs: ((reason: string) => NextFields) | undefined;
  let note: string | undefined;
  let anchor: string | undefined;
  let upstream: ResourceRef[] | undefined;
  if (cycle) {
    reason = GRAPH_REASONS.cycle;
    severity = 'error';
    const path = [...cycle.members, cycle.members[0]].filter((m): m is ResourceRef => m !== undefined).map(shortName).join(' -> ');
    message = `dependsOn cycle: ${path}; none of them can become ready`;
    command = describeCommand(ref);
  } else if (root) {
    const r = rootSeverity(state, graph, root);
    // A consequence is as severe as its cause at most: waiting on a dependency still within its allowance is normal work.
    severity = r.severity === 'info' ? 'info' : r.severity === 'error' && severity === 'error' ? 'error' : 'warning';
    suffixes.push(`root cause: ${root.kind} ${shortName(root)} (${r.summary})`);
    command = describeCommand(root);
  } else if (missing.length > 0 && h.state !== 'stale' && h.state !== 'unreconciled') {
    // The controller's own message says what it could not find; the report names it and where to look.
    suffixes.push(missingText(missing));
    command = missingCommand(missing);
    anchor = missingReason(missing);
  } else if (h.readyReason === GRAPH_REASONS.dependencyNotReady && h.state === 'failed' && graph.dependsOn(node).length > 0) {
    // Every dependency is ready now: the controller proceeds at its next retry.
    severity = 'warning';
    suffixes.push('the dependencies are ready now, so this clears at the next retry');
    command = describeCommand(ref);
  } else if (h.readyReason === GRAPH_REASONS.dependencyNotReady && h.state === 'failed' && (upstream = graph.readyUpstream(node))) {
    // It says it waits, but what it reads from is Ready: the wait is the controller's own, and its log says why.
    const names = upstream.map((r) => `${r.kind} ${shortName(r)}`).join(', ');
    suffixes.push(`${names} ${upstream.length > 1 ? 'are' : 'is'} Ready now, so the wait is not explained by ${upstream.length > 1 ? 'them' : 'it'}`);
    logs = (anchor) => logsStep(state, ref, anchor);
  } else if (h.state === 'stale' || h.state === 'unreconciled' || (h.state === 'progressing' && severity === 'error')) {
    // Nothing in the status explains it: the controller's log is where the answer is.
    logs = (anchor) => logsStep(state, ref, anchor);
  } else {
    command = opts.command ? opts.command(node, h) : describeCommand(ref);
    note = opts.note?.(node, h);
  }
  if (own.note && !root && !cycle) suffixes.push(own.note);
  const details = (opts.details ?? []).filter((d) => d.length > 0);
  suffixes.push(...details);
  if (suffixes.length > 0) {
    // Bounded as a whole, but the controller's text keeps at least MIN_HEAD code points (its cause is at its end).
    const tail = suffixes.join('; ');
    message = `${oneLine(message, Math.max(MIN_HEAD, MESSAGE_BUDGET - tail.length - 2))}; ${tail}`;
  }
  const f: Finding = {
    severity,
    resource: ref,
    reason,
    message,
    ...(logs ? logs(anchor ?? anchorFor(reason, opts.known)) : step(anchor ?? anchorFor(reason, opts.known), command, note)),
  };
  if (root && !cycle) f.rootCause = root;
  else if (!cycle && isFailing(h)) {
    const since = sinceOf(state, graph, node);
    if (since) f.since = since;
  }
  return f;
}

/**
 * An object that looks fine but references one that does not exist: Ready on its last reconciliation, it
 * fails at its next one (the controllers read the reference on every reconciliation).
 */
function danglingFinding(node: FluxNode, missing: readonly MissingRef[]): Finding {
  const reason = missingReason(missing);
  return {
    severity: 'error',
    resource: node.ref,
    reason,
    message: `${missingText(missing)}: it fails at its next reconciliation until the reference is corrected or the object is applied`,
    ...step(reason, missingCommand(missing)),
  };
}

/** At most this many findings of one reason per check before they are folded into one. */
export const GROUP_AFTER = 5;

/**
 * Findings of one reason about many objects, folded for large clusters: one finding with a count and a
 * few examples (resource name `*` stands for the objects of that kind).
 */
export function foldFindings(findings: Finding[], what: (count: number) => string, groupAfter = GROUP_AFTER): Finding[] {
  if (findings.length <= groupAfter) return findings;
  const first = findings[0];
  if (!first) return findings;
  const examples = findings.slice(0, 3).map((f) => shortName(f.resource)).join(', ');
  return [
    {
      severity: first.severity,
      resource: { kind: first.resource.kind, name: '*' },
      reason: first.reason,
      message: `${what(findings.length)} (e.g. ${examples} and ${findings.length - 3} more)`,
      next: first.next,
      hint: first.hint,
    },
  ];
}
