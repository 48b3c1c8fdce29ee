// Plain text for a terminal: verdict line, counts per kind, root causes, then every check. Object text is
// escaped (no control character reaches the terminal) and long text is shortened in the middle with a marker.
import type { McpClient } from '../cli/args.js';
import type { CheckResult, Finding, NextStep, Report, RootCauseEntry, Severity } from '../model.js';
import { nextParts, sinceParts, workloadParts } from './next-lines.js';
import { capPerNamespace, shortName, shortRefText } from './cause-list.js';
import { clean } from './escape.js';
import {
  MCP_ADVICE,
  MCP_DOCS,
  MCP_WHY,
  CAUSE_MESSAGE_MAX,
  mcpClientAdvice,
  MESSAGE_MAX,
  NAME_MAX,
  SEVERITY_SYMBOL,
  STATUS_SYMBOL,
  VERDICT_SYMBOL,
  findingCounts,
  refText,
  severityCounts,
} from './words.js';
import { plural } from '../text/plural.js';

export interface TextOptions {
  color: boolean;
  /** End with the MCP recommendation when the report asks for it (default true; a fleet prints it once). */
  mcp?: boolean;
}

/** Findings listed per check; the rest are counted (the JSON output has them all). */
export const TEXT_FINDINGS_PER_CHECK = 20;

type Paint = (code: string, text: string) => string;

const RED = '31';
const YELLOW = '33';
const GREEN = '32';
const BLUE = '34';
const DIM = '2';
const BOLD = '1';

const SEVERITY_COLOR: Record<Severity, string> = { error: RED, warning: YELLOW, info: BLUE };

function painter(color: boolean): Paint {
  // The painted text is always escaped first, so the only escape sequences in the output are these.
  return color ? (code, text) => `\u001b[${code}m${text}\u001b[0m` : (_code, text) => text;
}

const t = (value: unknown): string => clean(value, MESSAGE_MAX);
const n = (value: unknown): string => clean(value, NAME_MAX);

/** The next step on lines of its own: `→ command`, then the note, then the docs link (never on the command's line). */
function nextLines(next: NextStep | undefined, indent: string, paint: Paint): string[] {
  const p = nextParts(next);
  if (!p) return [];
  const lines: string[] = [];
  if (p.command) lines.push(`${indent}${paint(DIM, `→ ${t(p.command)}`)}`);
  if (p.note) lines.push(`${indent}  ${paint(DIM, `check: ${t(p.note)}`)}`);
  lines.push(`${indent}  ${paint(DIM, `docs: ${t(p.docs)}`)}`);
  return lines;
}

/** Since when, between which revisions, and the git log that shows what changed (for the user's clone). */
function sinceLines(c: RootCauseEntry, paint: Paint): string[] {
  const s = sinceParts(c.since, c.message);
  if (!s) return [];
  const facts = [s.when ? `failing since ${s.when}` : undefined, s.lastGood ? `last applied ${s.lastGood}` : undefined, s.failing ? `failing ${s.failing}` : undefined].filter(Boolean);
  const lines = facts.length > 0 ? [`      ${paint(DIM, t(facts.join('; ')))}`] : [];
  if (s.changes) lines.push(`      ${paint(DIM, `what changed, in your clone${s.repository ? ` of ${n(s.repository)}` : ''}: ${t(s.changes)}`)}`);
  return lines;
}

/** Workloads shown under a cause in text, at most. */
const TEXT_WORKLOADS = 5;

/** The workloads behind a cause that are not ready: the reason why it fails, one line each. */
function workloadLines(c: RootCauseEntry): string[] {
  const { shown, more } = workloadParts(c, TEXT_WORKLOADS);
  const lines = shown.map((w) => `      workload ${n(shortRefText(w.resource))}  ${n(w.reason)}: ${clean(w.message, CAUSE_MESSAGE_MAX)}`);
  if (more > 0) lines.push(`      +${plural(more, 'more workload')} not ready`);
  return lines;
}

function causeLines(c: RootCauseEntry, paint: Paint): string[] {
  const head = `  ${paint(SEVERITY_COLOR[c.severity], SEVERITY_SYMBOL[c.severity])} ${paint(BOLD, n(shortRefText(c.resource)))}  ${n(c.reason)}`;
  const lines = [head, `      ${clean(c.message, CAUSE_MESSAGE_MAX)}`];
  lines.push(...workloadLines(c));
  lines.push(...nextLines(c.next, '      ', paint));
  lines.push(...sinceLines(c, paint));
  if (c.consequenceCount > 0) {
    const shown = c.examples.map((r) => n(shortRefText(r))).join(', ');
    const more = c.consequenceCount - c.examples.length;
    lines.push(`      +${plural(c.consequenceCount, 'consequence')}: ${shown}${more > 0 ? `, and ${more} more` : ''}`);
  }
  return lines;
}

function findingLines(f: Finding, paint: Paint): string[] {
  const head = `      ${paint(SEVERITY_COLOR[f.severity], SEVERITY_SYMBOL[f.severity])} ${n(refText(f.resource))}  ${n(f.reason)}: ${t(f.message)}`;
  return [head, ...nextLines(f.next, '        ', paint)];
}

const STATUS_COLOR: Record<CheckResult['status'], string> = { pass: GREEN, warn: YELLOW, fail: RED, skip: DIM };

/** Consequences are listed once per cause (the root causes above name examples); other findings one by one. */
function checkLines(c: CheckResult, paint: Paint, idWidth: number): string[] {
  const counts = findingCounts(c.findings);
  const lines = [`  ${paint(STATUS_COLOR[c.status], STATUS_SYMBOL[c.status])} ${n(c.id).padEnd(idWidth)}  ${n(c.title)}${counts ? ` (${counts})` : ''}`];
  for (const fact of c.facts) lines.push(`      · ${t(fact)}`);
  const own: Finding[] = [];
  const byCause = new Map<string, { cause: string; findings: Finding[] }>();
  for (const f of c.findings) {
    if (!f.rootCause) {
      own.push(f);
      continue;
    }
    const cause = refText(f.rootCause);
    const group = byCause.get(cause) ?? { cause, findings: [] };
    group.findings.push(f);
    byCause.set(cause, group);
  }
  for (const f of own.slice(0, TEXT_FINDINGS_PER_CHECK)) lines.push(...findingLines(f, paint));
  const hidden = own.length - TEXT_FINDINGS_PER_CHECK;
  if (hidden > 0) lines.push(`      … ${plural(hidden, 'more finding')} not shown; run with --output json for all`);
  for (const g of byCause.values()) {
    const worst = g.findings.some((f) => f.severity === 'error') ? 'error' : g.findings.some((f) => f.severity === 'warning') ? 'warning' : 'info';
    const reasons = [...new Set(g.findings.map((f) => n(f.reason)))].slice(0, 3).join(', ');
    const [first] = g.findings;
    const what = g.findings.length === 1 && first ? n(refText(first.resource)) : plural(g.findings.length, 'object');
    lines.push(`      ${paint(SEVERITY_COLOR[worst], SEVERITY_SYMBOL[worst])} ${what}  ${reasons}: caused by ${n(g.cause)}`);
  }
  return lines;
}

/** Reasons are the report's own words (or, in a fleet, context names already escaped). */
export function mcpTextLines(reasons: readonly string[], client?: McpClient): string[] {
  const advice = mcpClientAdvice(client);
  return [
    `${MCP_ADVICE}${reasons.length > 0 ? ` (${reasons.join('; ')})` : ''}.`,
    `  ${MCP_WHY}`,
    `  Print its configuration${advice.client ? ` for ${advice.client}, the client running this` : ''}: ${advice.command}`,
    `  Other clients: ${advice.others.map((c) => `--client ${c}`).join(', ')}. Setup: ${MCP_DOCS}`,
  ];
}

export function verdictLine(report: Report, paint: Paint = painter(false)): string {
  const v = report.verdict;
  const color = v === 'failed' ? RED : v === 'degraded' ? YELLOW : GREEN;
  const where = [`context ${n(report.cluster.context)}`, n(report.cluster.server)];
  if (report.cluster.version) where.push(`Kubernetes ${n(report.cluster.version)}`);
  if (report.cluster.mode === 'snapshot') where.push('snapshot');
  return `${paint(color, `${VERDICT_SYMBOL[v]} ${v.toUpperCase()}`)}: ${severityCounts(report.summary)} (${where.join(', ')})`;
}

export function renderText(report: Report, opts: TextOptions): string {
  const paint = painter(opts.color);
  const lines = [verdictLine(report, paint), ''];

  const kinds = report.summary.kinds;
  if (kinds.length > 0) {
    const width = Math.max(...kinds.map((k) => n(k.kind).length));
    lines.push('Objects (running / failing / suspended):');
    for (const k of kinds) lines.push(`  ${n(k.kind).padEnd(width)}  ${k.running} / ${k.failing} / ${k.suspended}`);
    lines.push('');
  }

  if (report.rootCauses.length > 0) {
    lines.push(`Root causes (${report.rootCauses.length}):`);
    const { shown, overflow } = capPerNamespace(report.rootCauses);
    for (const c of shown) lines.push(...causeLines(c, paint));
    for (const o of overflow) {
      const where = o.namespace ? `in ${n(shortName(o.namespace))}` : 'cluster-wide';
      lines.push(`  +${o.count} more ${where} (${plural(o.errors, 'error')}, ${plural(o.warnings, 'warning')}); run with --output json for all`);
    }
    lines.push('');
  }

  lines.push('Checks:');
  const idWidth = Math.max(0, ...report.checks.map((c) => n(c.id).length));
  for (const c of report.checks) lines.push(...checkLines(c, paint, idWidth));

  if (report.recommendMcp && opts.mcp !== false) lines.push('', ...mcpTextLines(report.mcpReasons ?? [], report.mcpClient));
  return `${lines.join('\n')}\n`;
}
