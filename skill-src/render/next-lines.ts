// A next step as the renderers show it: the command line, the note and the docs link, each apart, so that
// the command is a single command and nothing else can be copied with it.
import type { NextStep, RootCauseEntry, Since, WorkloadIssue } from '../model.js';
import { formatSeconds } from '../text/duration.js';
import { commandLine } from '../report/next-step.js';

export interface NextParts {
  command?: string;
  note?: string;
  docs: string;
}

export function nextParts(next: NextStep | undefined): NextParts | undefined {
  if (!next) return undefined;
  const out: NextParts = { docs: next.docs };
  if (next.argv && next.argv.length > 0) out.command = commandLine(next.argv);
  if (next.note) out.note = next.note;
  return out;
}

/** A root cause's since-when as the renderers show it: when and between which revisions, and what changed. */
export interface SinceParts {
  /** `2023-02-09T10:12:44Z (2h15m ago)`, or undefined when unknown. */
  when?: string;
  lastGood?: string;
  failing?: string;
  /** The git log command line, for the user's clone. */
  changes?: string;
  repository?: string;
}

/** `message` is the cause's own: revisions it already names are not repeated. */
export function sinceParts(since: Since | undefined, message = ''): SinceParts | undefined {
  if (!since) return undefined;
  const out: SinceParts = {};
  if (since.at) out.when = since.forSeconds !== undefined ? `${since.at} (${formatSeconds(since.forSeconds)} ago)` : since.at;
  if (since.lastGood && !message.includes(since.lastGood)) out.lastGood = since.lastGood;
  if (since.failing && !message.includes(since.failing)) out.failing = since.failing;
  if (since.changes) {
    out.changes = commandLine(since.changes.argv);
    if (since.changes.repository) out.repository = since.changes.repository;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/** The workloads behind a root cause as the renderers show them: at most `max`, the rest counted. */
export function workloadParts(c: RootCauseEntry, max: number): { shown: WorkloadIssue[]; more: number } {
  const all = c.workloads ?? [];
  const shown = all.slice(0, max);
  return { shown, more: all.length - shown.length + (c.workloadsNotShown ?? 0) };
}
