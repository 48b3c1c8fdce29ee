// The MCP next step names the client the run happens under, and mcp-config prints the .mcp.json shape
// VS Code's Copilot Agent Host and Claude Code read. Detection is by the variables each client sets in the
// shells it runs (see skill-src/mcp/detect-client.ts for the sources).
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectMcpClient } from '../skill-src/mcp/detect-client.js';
import { buildClientConfig } from '../skill-src/mcp/clients.js';
import { runScript } from './helpers/built.js';
import { SCENARIO_DIR, cleanEnv } from './helpers/golden.js';
import { type Schema, validate } from './helpers/json-schema.js';
import { tempDir } from './helpers/temp.js';

const FAILING = path.join(SCENARIO_DIR, 'kustomization-health-check-failure.yaml');
const schema = JSON.parse(fs.readFileSync(new URL('../skill-src/report/report.schema.json', import.meta.url), 'utf8')) as Schema;

describe('detectMcpClient', () => {
  it.each([
    [{ CLAUDECODE: '1' }, 'claude-code'],
    [{ CODEX_THREAD_ID: '019d1afb-b2c7' }, 'codex'],
    [{ CODEX_SANDBOX: 'seatbelt' }, 'codex'],
    [{ TERM_PROGRAM: 'vscode' }, 'vscode-agent-host'],
    // An agent CLI inside VS Code's terminal is that agent.
    [{ TERM_PROGRAM: 'vscode', CLAUDECODE: '1' }, 'claude-code'],
    [{ TERM_PROGRAM: 'vscode', CODEX_THREAD_ID: 'x' }, 'codex'],
    [{ TERM_PROGRAM: 'iTerm.app' }, undefined],
    [{ CLAUDECODE: '0' }, undefined],
    [{}, undefined],
  ])('%j -> %s', (env, want) => {
    expect(detectMcpClient(env)).toBe(want);
  });
});

describe('the report names the client it runs under (built script)', () => {
  it.each([
    ['claude-code', { CLAUDECODE: '1' }],
    ['codex', { CODEX_THREAD_ID: 'thread-1' }],
    ['vscode-agent-host', { TERM_PROGRAM: 'vscode' }],
  ])('%s', async (client, extra) => {
    const env = { ...cleanEnv(), ...extra };
    const text = await runScript(['--snapshot', FAILING], { env });
    expect(text.stdout).toContain(`Print its configuration for ${client}, the client running this: bash scripts/validate.sh mcp-config --client ${client}`);
    expect(text.stdout).not.toMatch(new RegExp(`Other clients:.*--client ${client}\\b(?!-)`));
    const md = await runScript(['--snapshot', FAILING, '--output', 'markdown'], { env });
    expect(md.stdout).toContain(`\`bash scripts/validate.sh mcp-config --client ${client}\``);
    const json = JSON.parse((await runScript(['--snapshot', FAILING, '--output', 'json'], { env })).stdout) as { mcp: { client: string; command: string; clients: string[] } };
    expect(json.mcp.client).toBe(client);
    expect(json.mcp.command).toBe(`bash scripts/validate.sh mcp-config --client ${client}`);
    expect(json.mcp.clients[0]).toBe(client);
    expect(new Set(json.mcp.clients).size).toBe(5);
    expect(validate(schema, json)).toEqual([]);
  });

  it('in a plain terminal: the VS Code command and every other client listed, no client field', async () => {
    const text = await runScript(['--snapshot', FAILING], { env: cleanEnv() });
    expect(text.stdout).toContain('Print its configuration: bash scripts/validate.sh mcp-config --client vscode');
    expect(text.stdout).toContain('Other clients: --client claude-desktop, --client claude-code, --client codex.');
    const json = JSON.parse((await runScript(['--snapshot', FAILING, '--output', 'json'], { env: cleanEnv() })).stdout) as { mcp: Record<string, unknown> };
    expect(json.mcp.client).toBeUndefined();
  });
});

describe('mcp-config --client vscode-agent-host', () => {
  it('is the .mcp.json shape: top-level mcpServers, a stdio entry, read-only, absolute KUBECONFIG; same as claude-code', () => {
    const spec = { command: '/usr/local/bin/flux-operator-mcp', kubeconfig: '/home/u/.kube/config', readOnly: true };
    const host = JSON.parse(buildClientConfig('vscode-agent-host', spec).text) as unknown;
    expect(host).toEqual({
      mcpServers: { 'flux-operator-mcp': { type: 'stdio', command: '/usr/local/bin/flux-operator-mcp', args: ['serve', '--read-only=true'], env: { KUBECONFIG: '/home/u/.kube/config' } } },
    });
    expect(buildClientConfig('claude-code', spec).text).toBe(buildClientConfig('vscode-agent-host', spec).text);
    expect(buildClientConfig('vscode-agent-host', spec).where).toMatch(/\.mcp\.json at the workspace root/);
  });

  it('through the built script, and its output passes --check', async () => {
    const dir = tempDir('mcp-host');
    {
      const kc = path.join(dir, 'kubeconfig');
      fs.writeFileSync(kc, 'apiVersion: v1\nkind: Config\ncurrent-context: a\nclusters: []\nusers: []\ncontexts: []\n');
      const r = await runScript(['mcp-config', '--client', 'vscode-agent-host', '--kubeconfig', kc], { env: cleanEnv() });
      expect(r.exitCode, r.stderr).toBe(0);
      const cfg = JSON.parse(r.stdout) as { mcpServers: Record<string, { args: string[]; env: { KUBECONFIG: string } }> };
      expect(Object.keys(cfg)).toEqual(['mcpServers']);
      expect(cfg.mcpServers['flux-operator-mcp']?.args).toEqual(['serve', '--read-only=true']);
      expect(cfg.mcpServers['flux-operator-mcp']?.env.KUBECONFIG).toBe(kc);
      expect(r.stderr).toMatch(/Copilot Agent Host/);
    }
  });
});
