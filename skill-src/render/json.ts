// JSON for programs: the whole report, every finding, keys in a fixed order, 2-space indent. The shape is
// skill-src/report/report.schema.json; bump SCHEMA_VERSION on any incompatible change.
import type { McpClient } from '../cli/args.js';
import type { CheckResult, Finding, KindCount, NextStep, Report, ResourceRef, RootCauseEntry, Since, WorkloadIssue } from '../model.js';
import { asText, escapeControls } from './escape.js';
import { redactText } from '../kube/redact.js';
import { shorten } from '../text/shorten.js';
import { MCP_DOCS, mcpClientAdvice } from './words.js';

export const SCHEMA_VERSION = 1;
/** Longest message, hint or fact kept; longer text loses its middle to a `… [N chars cut] …` marker. */
export const JSON_TEXT_MAX = 4000;
/** Longest name, reason or other identifier kept. */
export const JSON_NAME_MAX = 512;

/** Redacted before it is shortened (a cut must not leave half a credential); escaped by stringifySafe. */
export const jsonText = (value: unknown, max: number): string => shorten(redactText(asText(value)), max);
const txt = (value: unknown): string => jsonText(value, JSON_TEXT_MAX);
const id = (value: unknown): string => jsonText(value, JSON_NAME_MAX);

export function ref(r: ResourceRef): ResourceRef {
  return r.namespace !== undefined ? { kind: id(r.kind), namespace: id(r.namespace), name: id(r.name) } : { kind: id(r.kind), name: id(r.name) };
}

/** argv words and notes are built from validated names and the report's own words; bounded all the same. */
function next(n: NextStep): NextStep {
  // Key order: argv, docs, note.
  const out: NextStep = n.argv ? { argv: n.argv.map(id), docs: id(n.docs) } : { docs: id(n.docs) };
  if (n.note !== undefined) out.note = txt(n.note);
  return out;
}

/** Key order: at, forSeconds, lastGood, failing, changes. Revisions and the URL are cluster text: bounded, redacted. */
function since(s: Since): Since {
  const out: Since = {};
  if (s.at !== undefined) out.at = id(s.at);
  if (s.forSeconds !== undefined) out.forSeconds = s.forSeconds;
  if (s.lastGood !== undefined) out.lastGood = id(s.lastGood);
  if (s.failing !== undefined) out.failing = id(s.failing);
  if (s.changes) out.changes = s.changes.repository !== undefined ? { argv: s.changes.argv.map(id), repository: id(s.changes.repository) } : { argv: s.changes.argv.map(id) };
  return out;
}

function finding(f: Finding): Finding {
  const out: Finding = { severity: f.severity, resource: ref(f.resource), reason: id(f.reason), message: txt(f.message), hint: txt(f.hint), next: next(f.next) };
  if (f.rootCause) out.rootCause = ref(f.rootCause);
  if (f.affects && f.affects.length > 0) out.affects = f.affects.map(ref);
  if (f.since) out.since = since(f.since);
  return out;
}

function check(c: CheckResult): CheckResult {
  return { id: c.id, title: c.title, status: c.status, findings: c.findings.map(finding), facts: c.facts.map(txt) };
}

export function cause(c: RootCauseEntry): RootCauseEntry {
  const out: RootCauseEntry = {
    resource: ref(c.resource),
    severity: c.severity,
    reason: id(c.reason),
    message: txt(c.message),
    hint: txt(c.hint),
    next: next(c.next),
    consequenceCount: c.consequenceCount,
    examples: c.examples.map(ref),
  };
  if (c.check !== undefined) out.check = c.check;
  if (c.since) out.since = since(c.since);
  if (c.workloads && c.workloads.length > 0) out.workloads = c.workloads.map(workload);
  if (c.workloadsNotShown) out.workloadsNotShown = c.workloadsNotShown;
  return out;
}

/** Key order: resource, reason, message, failing. Reasons and messages are cluster text: bounded, redacted. */
function workload(w: WorkloadIssue): WorkloadIssue {
  return { resource: ref(w.resource), reason: id(w.reason), message: txt(w.message), failing: w.failing };
}

function kind(k: KindCount): KindCount {
  return { kind: k.kind, running: k.running, failing: k.failing, suspended: k.suspended };
}

export interface McpAdvice {
  reasons: string[];
  command: string;
  client?: McpClient;
  clients: string[];
  docs: string;
}

/** The report as plain data in output order: one place decides the key order of every object. */
export function jsonReport(r: Report): Record<string, unknown> {
  const cluster: Record<string, unknown> = { context: id(r.cluster.context), server: id(r.cluster.server) };
  if (r.cluster.version !== undefined) cluster.version = id(r.cluster.version);
  cluster.mode = r.cluster.mode;
  cluster.operatorNamespace = id(r.cluster.operatorNamespace);
  if (r.cluster.rttMs !== undefined) cluster.rttMs = r.cluster.rttMs;
  const out: Record<string, unknown> = {
    schemaVersion: SCHEMA_VERSION,
    tool: { name: r.tool.name, version: r.tool.version },
    generatedAt: r.generatedAt,
    verdict: r.verdict,
    cluster,
    summary: { errors: r.summary.errors, warnings: r.summary.warnings, infos: r.summary.infos, kinds: r.summary.kinds.map(kind) },
    rootCauses: r.rootCauses.map(cause),
    checks: r.checks.map(check),
    recommendMcp: r.recommendMcp,
  };
  if (r.recommendMcp) {
    const advice = mcpClientAdvice(r.mcpClient);
    const mcp: McpAdvice = {
      reasons: [...(r.mcpReasons ?? [])],
      command: advice.command,
      ...(advice.client ? { client: advice.client } : {}),
      clients: advice.client ? [advice.client, ...advice.others] : ['vscode', ...advice.others],
      docs: MCP_DOCS,
    };
    out.mcp = mcp;
  }
  return out;
}

/**
 * Every string value is redacted and its invisible and control characters replaced by visible escapes
 * (`\n`, `\x1b`, `\u200b`, `\u{e0041}`) in the data itself: a program or model that parses the JSON must
 * not receive them either, which JSON's own `\uXXXX` escaping would still deliver. Both steps are
 * idempotent, so text already cleaned above passes unchanged.
 */
export function stringifySafe(value: unknown): string {
  return `${JSON.stringify(value, (_key, v: unknown) => (typeof v === 'string' ? escapeControls(redactText(v)) : v), 2)}\n`;
}

export function renderJson(report: Report): string {
  return stringifySafe(jsonReport(report));
}
