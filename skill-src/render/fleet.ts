// Several clusters: a fleet summary (one line per cluster), then one section per cluster that has something to
// report, and the MCP recommendation once at the end, naming the clusters that call for it. A healthy cluster is
// its summary line: fifty healthy clusters cost fifty lines, not fifty reports (JSON keeps every report).
import type { OutputFormat } from '../cli/args.js';
import type { Report, Verdict } from '../model.js';
import { clean, mdCode } from './escape.js';
import { JSON_NAME_MAX, SCHEMA_VERSION, jsonReport, jsonText, stringifySafe } from './json.js';
import { DATA_NOTE, FAILING_BUDGET, HEALTHY_BUDGET, markdownTitle, mcpMarkdownLines, renderMarkdown } from './markdown.js';
import { mcpTextLines, renderText } from './text.js';
import { NAME_MAX, SEVERITY_SYMBOL, VERDICT_SYMBOL } from './words.js';
import { plural } from '../text/plural.js';
import { sharedCauses, sharedKey, type SharedCause } from '../report/shared-causes.js';
import { shortRefText } from './cause-list.js';

/** Contexts named on a shared cause's line; the rest are counted. */
const SHARED_CONTEXTS_SHOWN = 5;
/** Shared causes listed in text and markdown (most clusters first); JSON has them all. */
export const SHARED_SHOWN = 10;

/** The shared causes text and markdown list, and the count of the others. */
function listedShared(reports: readonly Report[]): { shown: SharedCause[]; more: number } {
  const all = sharedCauses(reports);
  return { shown: all.slice(0, SHARED_SHOWN), more: Math.max(0, all.length - SHARED_SHOWN) };
}

function sharedMoreLine(more: number): string {
  return `+${more} more shared root ${more === 1 ? 'cause' : 'causes'} (--output json lists them all)`;
}

function sharedLine(s: SharedCause, quote: (v: string) => string): string {
  const shown = s.clusters.slice(0, SHARED_CONTEXTS_SHOWN).map(quote).join(', ');
  const rest = s.clusters.length - SHARED_CONTEXTS_SHOWN;
  return `${SEVERITY_SYMBOL[s.severity]} ${quote(shortRefText(s.resource))} ${quote(s.reason)} on ${s.clusters.length} of ${plural(s.of, 'cluster')}: ${shown}${rest > 0 ? ` and ${rest} more` : ''}`;
}

/** Per cluster, the shared causes whose full entry is in an earlier cluster's section. */
function sharedElsewhere(shared: readonly SharedCause[], context: string): Set<string> {
  return new Set(shared.filter((s) => s.clusters[0] !== context && s.clusters.includes(context)).map((s) => sharedKey(s.resource, s.reason)));
}

export interface FleetEntry {
  context: string;
  verdict: Verdict;
  errors: number;
  warnings: number;
}

export function fleetEntries(reports: readonly Report[]): FleetEntry[] {
  return reports.map((r) => ({ context: r.cluster.context, verdict: r.verdict, errors: r.summary.errors, warnings: r.summary.warnings }));
}

/** Clusters that get a section of their own: those with errors or warnings. */
function withSection(reports: readonly Report[]): Report[] {
  return reports.filter((r) => r.verdict !== 'healthy');
}

function healthyNote(reports: readonly Report[]): string[] {
  const healthy = reports.length - withSection(reports).length;
  if (healthy === 0) return [];
  return ['', `${healthy === 1 ? 'The healthy cluster has' : `The ${healthy} healthy clusters have`} no section: nothing to report (--output json has their counts and facts).`];
}

/** failed beats degraded beats healthy. */
export function fleetVerdict(reports: readonly Report[]): Verdict {
  if (reports.some((r) => r.verdict === 'failed')) return 'failed';
  return reports.some((r) => r.verdict === 'degraded') ? 'degraded' : 'healthy';
}

function tally(reports: readonly Report[]): string {
  const count = (v: Verdict): number => reports.filter((r) => r.verdict === v).length;
  return `${plural(reports.length, 'cluster')}: ${count('failed')} failed, ${count('degraded')} degraded, ${count('healthy')} healthy`;
}

/** Reasons for the MCP recommendation across the fleet, each prefixed by its cluster. */
function fleetMcpReasons(reports: readonly Report[], quote: (s: string) => string): string[] {
  return reports.filter((r) => r.recommendMcp).map((r) => `${quote(r.cluster.context)}: ${(r.mcpReasons ?? []).join(', ')}`);
}

function renderFleetText(reports: readonly Report[], color: boolean): string {
  const v = fleetVerdict(reports);
  const lines = [`${VERDICT_SYMBOL[v]} FLEET ${v.toUpperCase()}: ${tally(reports)}`];
  const width = Math.max(0, ...reports.map((r) => clean(r.cluster.context, NAME_MAX).length));
  for (const e of fleetEntries(reports)) {
    lines.push(`  ${VERDICT_SYMBOL[e.verdict]} ${clean(e.context, NAME_MAX).padEnd(width)}  ${e.verdict}, ${plural(e.errors, 'error')}, ${plural(e.warnings, 'warning')}`);
  }
  const { shown: shared, more } = listedShared(reports);
  if (shared.length > 0) {
    lines.push('', `Shared root causes (${shared.length + more}):`, ...shared.map((s) => `  ${sharedLine(s, (v) => clean(v, NAME_MAX))}`));
    if (more > 0) lines.push(`  ${sharedMoreLine(more)}`);
  }
  lines.push(...healthyNote(reports));
  let out = `${lines.join('\n')}\n`;
  for (const r of withSection(reports)) {
    out += `\n=== ${clean(r.cluster.context, NAME_MAX)} ${'='.repeat(40)}\n`;
    out += renderText(r, { color, mcp: false });
  }
  const mcp = fleetMcpReasons(reports, (s) => clean(s, NAME_MAX));
  if (mcp.length > 0) out += `\n${mcpTextLines(mcp, reports[0]?.mcpClient).join('\n')}\n`;
  return out;
}

/** Floors of a cluster's markdown budget in a fleet: room for the counts, the checks and a few root causes. */
export const FLEET_HEALTHY_MIN = 2500;
export const FLEET_FAILING_MIN = 4000;

/** The single-cluster budgets are shared by the fleet, down to a floor per cluster. */
export function fleetBudget(verdict: Verdict, clusters: number): number {
  const n = Math.max(1, clusters);
  return verdict === 'healthy' ? Math.max(FLEET_HEALTHY_MIN, Math.floor(HEALTHY_BUDGET / n)) : Math.max(FLEET_FAILING_MIN, Math.floor(FAILING_BUDGET / n));
}

function renderFleetMarkdown(reports: readonly Report[]): string {
  const v = fleetVerdict(reports);
  const lines = [`# Flux fleet status: ${VERDICT_SYMBOL[v]} ${v} (${tally(reports)})`, '', DATA_NOTE, ''];
  for (const e of fleetEntries(reports)) {
    lines.push(`- ${VERDICT_SYMBOL[e.verdict]} ${mdCode(e.context, NAME_MAX)}: ${e.verdict}, ${plural(e.errors, 'error')}, ${plural(e.warnings, 'warning')}`);
  }
  const { shown: shared, more } = listedShared(reports);
  if (shared.length > 0) {
    lines.push('', `## Shared root causes (${shared.length + more})`, ...shared.map((s) => `- ${sharedLine(s, (v) => mdCode(v, NAME_MAX))}`));
    if (more > 0) lines.push(`- ${sharedMoreLine(more)}`);
    lines.push('', 'Each listed cause is described in full under the first cluster named; the other clusters keep their own next command.');
  }
  lines.push(...healthyNote(reports));
  let out = `${lines.join('\n')}\n`;
  const sectioned = withSection(reports);
  for (const r of sectioned) {
    const title = `Cluster ${mdCode(r.cluster.context, NAME_MAX)}: ${markdownTitle(r)}`;
    out += `\n${renderMarkdown(r, { level: 2, title, note: false, mcp: false, budget: fleetBudget(r.verdict, sectioned.length), sharedElsewhere: sharedElsewhere(shared, r.cluster.context) })}`;
  }
  const mcp = fleetMcpReasons(reports, (s) => mdCode(s, NAME_MAX));
  if (mcp.length > 0) out += `${mcpMarkdownLines(mcp, '##', reports[0]?.mcpClient).join('\n')}\n`;
  return out;
}

/** The fleet as plain data: `{ schemaVersion, fleet: [...], sharedRootCauses: [...], clusters: [Report...] }`. */
export function jsonFleet(reports: readonly Report[]): Record<string, unknown> {
  const id = (v: string): string => jsonText(v, JSON_NAME_MAX);
  const fleet = fleetEntries(reports).map((e) => ({ ...e, context: id(e.context) }));
  const sharedRootCauses = sharedCauses(reports).map((s) => {
    const r = s.resource;
    const resource = r.namespace !== undefined ? { kind: id(r.kind), namespace: id(r.namespace), name: id(r.name) } : { kind: id(r.kind), name: id(r.name) };
    return { resource, reason: id(s.reason), severity: s.severity, clusters: s.clusters.map(id), of: s.of };
  });
  return { schemaVersion: SCHEMA_VERSION, fleet, sharedRootCauses, clusters: reports.map(jsonReport) };
}

/** Several clusters: a fleet summary, then one section per cluster with something to report. */
export function renderFleet(reports: readonly Report[], format: OutputFormat, color: boolean): string {
  if (format === 'json') return stringifySafe(jsonFleet(reports));
  if (format === 'markdown') return renderFleetMarkdown(reports);
  return renderFleetText(reports, color);
}
