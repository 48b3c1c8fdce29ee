// Vocabulary shared by the renderers: symbols, limits, and the MCP recommendation (the report's own words).
import type { CheckStatus, ResourceRef, Severity, Verdict } from '../model.js';

export const SEVERITY_SYMBOL: Record<Severity, string> = { error: '✗', warning: '⚠', info: 'ℹ' };
export const STATUS_SYMBOL: Record<CheckStatus, string> = { pass: '✔', warn: '⚠', fail: '✗', skip: '-' };
export const VERDICT_SYMBOL: Record<Verdict, string> = { healthy: '✔', degraded: '⚠', failed: '✗' };

/** Longest message, hint or fact shown in text and markdown output. */
export const MESSAGE_MAX = 300;
/** Longest name or reason shown (Kubernetes names stop at 253). */
export const NAME_MAX = 253;

/** `Kind/namespace/name`, or `Kind/name` for cluster-scoped objects. Raw: callers escape it. */
export function refText(ref: ResourceRef): string {
  return ref.namespace ? `${ref.kind}/${ref.namespace}/${ref.name}` : `${ref.kind}/${ref.name}`;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

export function severityCounts(s: { errors: number; warnings: number; infos: number }): string {
  return `${plural(s.errors, 'error')}, ${plural(s.warnings, 'warning')}, ${plural(s.infos, 'info')}`;
}

export const MCP_CONFIG_COMMAND = 'bash scripts/validate.sh mcp-config --client vscode';
export const MCP_OTHER_CLIENTS: readonly string[] = ['claude-desktop', 'claude-code', 'codex'];
export const MCP_DOCS = 'SKILL.md#mcp-server-setup';
export const MCP_ADVICE = 'Use the Flux MCP server in read-only mode for the next steps: one tool call shows the whole cluster state and searches the Flux docs.';
