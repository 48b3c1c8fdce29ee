// Vocabulary shared by the renderers: symbols, limits, and the MCP recommendation (the report's own words).
import type { McpClient } from '../cli/args.js';
import type { CheckStatus, ResourceRef, Severity, Verdict } from '../model.js';
import { plural } from '../text/plural.js';

export const SEVERITY_SYMBOL: Record<Severity, string> = { error: '✗', warning: '⚠', info: 'ℹ' };
export const STATUS_SYMBOL: Record<CheckStatus, string> = { pass: '✔', warn: '⚠', fail: '✗', skip: '-' };
export const VERDICT_SYMBOL: Record<Verdict, string> = { healthy: '✔', degraded: '⚠', failed: '✗' };

/** Longest message, hint or fact shown in text output; longer text loses its middle, never its tail. */
export const MESSAGE_MAX = 400;
/** A root cause's message is kept whole up to this many code points in text and markdown (JSON keeps more). */
export const CAUSE_MESSAGE_MAX = 400;
/** Longest name or reason shown (Kubernetes names stop at 253). */
export const NAME_MAX = 253;

/** `Kind/namespace/name`, or `Kind/name` for cluster-scoped objects. Raw: callers escape it. */
export function refText(ref: ResourceRef): string {
  return ref.namespace ? `${ref.kind}/${ref.namespace}/${ref.name}` : `${ref.kind}/${ref.name}`;
}

export function severityCounts(s: { errors: number; warnings: number; infos: number }): string {
  return `${plural(s.errors, 'error')}, ${plural(s.warnings, 'warning')}, ${plural(s.infos, 'info')}`;
}

export const MCP_CONFIG_COMMAND = 'bash scripts/validate.sh mcp-config --client vscode';
export const MCP_OTHER_CLIENTS: readonly McpClient[] = ['claude-desktop', 'claude-code', 'codex'];
const MCP_ALL_CLIENTS: readonly McpClient[] = ['vscode-agent-host', 'vscode', 'claude-code', 'claude-desktop', 'codex'];

/**
 * The MCP next step for the client the run happened under; without one (a plain terminal), VS Code first and
 * each other client listed.
 */
export function mcpClientAdvice(client: McpClient | undefined): { command: string; client?: McpClient; others: readonly McpClient[] } {
  if (client === undefined) return { command: MCP_CONFIG_COMMAND, others: MCP_OTHER_CLIENTS };
  return { command: `bash scripts/validate.sh mcp-config --client ${client}`, client, others: MCP_ALL_CLIENTS.filter((c) => c !== client) };
}
export const MCP_DOCS = 'SKILL.md#mcp-server-setup';
export const MCP_ADVICE = 'Recommended next step: the Flux MCP server, in read-only mode';
export const MCP_WHY = 'One tool call shows the whole cluster state, and it searches the Flux docs.';

/** "2 errors, 1 warning" for the findings of one check; empty when there are none. */
export function findingCounts(findings: readonly { severity: Severity }[]): string {
  const e = findings.filter((f) => f.severity === 'error').length;
  const w = findings.filter((f) => f.severity === 'warning').length;
  const parts: string[] = [];
  if (e > 0) parts.push(plural(e, 'error'));
  if (w > 0) parts.push(plural(w, 'warning'));
  return parts.join(', ');
}
