// Current facts in the skill's own text (CLIENTS.md, December 2026): MCP tool names as the server registers
// them now, the old per-kind reconcile tools named only as what older servers had, the Agent Host's .mcp.json,
// the standalone flux-web UI and what SSO means for read-only-ness.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../build/paths.js';

const DOCS = {
  'SKILL.md': fs.readFileSync(path.join(ROOT, '.github', 'skills', 'flux-operator', 'SKILL.md'), 'utf8'),
  'reference.md': fs.readFileSync(path.join(ROOT, 'reference.md'), 'utf8'),
};
const WRITE_TOOLS = ['reconcile_flux_resource', 'suspend_flux_reconciliation', 'resume_flux_reconciliation', 'apply_kubernetes_manifest', 'delete_kubernetes_resource', 'install_flux_instance'];
const OLD_TOOLS = ['reconcile_flux_source', 'reconcile_flux_kustomization', 'reconcile_flux_helmrelease', 'reconcile_flux_resourceset'];

/** The paragraph (text between blank lines) around an index. */
function paragraphAt(text: string, at: number): string {
  const start = text.lastIndexOf('\n\n', at);
  const end = text.indexOf('\n\n', at);
  return text.slice(start < 0 ? 0 : start, end < 0 ? text.length : end);
}

describe.each(Object.entries(DOCS))('%s', (_doc, text) => {
  it('names every current write tool of flux-operator-mcp', () => {
    for (const t of WRITE_TOOLS) expect(text, t).toContain(`\`${t}\``);
  });

  it('names the old per-kind reconcile tools only as what older servers had', () => {
    for (const t of OLD_TOOLS) {
      for (const m of text.matchAll(new RegExp(t, 'g'))) {
        expect(paragraphAt(text, m.index ?? 0), t).toMatch(/[Oo]lder servers/);
      }
    }
  });

  it('says that with SSO the Flux UI is not read-only for everyone, and knows the standalone flux-web Service', () => {
    expect(text).toMatch(/not read-only for every/);
    expect(text).toMatch(/flux-web-user/);
    expect(text).toContain('`flux-web`');
  });
});

describe('SKILL.md MCP setup', () => {
  it('points VS Code users at .mcp.json (mcpServers) for the Copilot Agent Host and at --client vscode-agent-host', () => {
    const md = DOCS['SKILL.md'];
    expect(md).toMatch(/Copilot Agent Host[^]*`\.mcp\.json`[^]*`mcpServers`/);
    expect(md).toContain('mcp-config --client vscode-agent-host');
  });
});
