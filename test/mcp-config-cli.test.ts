// mcp-config through the BUILT validate.sh: real PATH lookups, real kubeconfig files, exit codes.
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runScript } from './helpers/built.js';
import { tempDir } from './helpers/temp.js';

let dir: string;
let bin: string;
let home: string;
// node must stay reachable (the script's header execs it); flux-operator-mcp must not be on it.
const BASE_PATH = [path.dirname(process.execPath), '/usr/bin', '/bin'].join(':');

function kubeconfig(file: string, contexts: string[], current?: string): string {
  const lines = ['apiVersion: v1', 'kind: Config'];
  if (current) lines.push(`current-context: ${current}`);
  lines.push('clusters:');
  for (const c of contexts) lines.push(`- name: ${c}`, '  cluster:', `    server: https://${c}.example:6443`);
  lines.push('users:');
  for (const c of contexts) lines.push(`- name: ${c}`, '  user: {}');
  lines.push('contexts:');
  for (const c of contexts) lines.push(`- name: ${c}`, '  context:', `    cluster: ${c}`, `    user: ${c}`);
  fs.writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

beforeAll(() => {
  dir = tempDir('mcp-config');
  bin = path.join(dir, 'bin');
  home = path.join(dir, 'home');
  fs.mkdirSync(bin);
  fs.mkdirSync(path.join(home, '.kube'), { recursive: true });
  fs.writeFileSync(path.join(bin, 'flux-operator-mcp'), '#!/bin/sh\nexit 0\n', { mode: 0o755 });
  kubeconfig(path.join(home, '.kube', 'config'), ['home'], 'home');
  kubeconfig(path.join(dir, 'first.yaml'), ['dev'], 'prod');
  kubeconfig(path.join(dir, 'second.yaml'), ['prod']);
});

const withBinary = (): NodeJS.ProcessEnv => ({ HOME: home, PATH: `${bin}:${BASE_PATH}` });

interface Entry {
  type?: string;
  command: string;
  args: string[];
  env: { KUBECONFIG: string };
}

describe('mcp-config prints a config', () => {
  it('VS Code: parses, servers shape, absolute binary, read-only, default kubeconfig', async () => {
    const r = await runScript(['mcp-config', '--client', 'vscode'], { env: withBinary() });
    expect(r.exitCode).toBe(0);
    const cfg = JSON.parse(String(r.stdout)) as { servers: Record<string, Entry> };
    const e = cfg.servers['flux-operator-mcp'];
    expect(e?.type).toBe('stdio');
    expect(e?.command).toBe(path.join(bin, 'flux-operator-mcp'));
    expect(e?.args).toEqual(['serve', '--read-only=true']);
    expect(e?.env.KUBECONFIG).toBe(path.join(home, '.kube', 'config'));
  });

  it('is VS Code by default', async () => {
    const r = await runScript(['mcp-config'], { env: withBinary() });
    expect(Object.keys(JSON.parse(String(r.stdout)) as object)).toEqual(['servers']);
  });

  for (const client of ['claude-desktop', 'claude-code']) {
    it(`${client}: mcpServers shape, read-only`, async () => {
      const r = await runScript(['mcp-config', '--client', client], { env: withBinary() });
      expect(r.exitCode).toBe(0);
      const cfg = JSON.parse(String(r.stdout)) as { mcpServers: Record<string, Entry> };
      expect(Object.keys(cfg)).toEqual(['mcpServers']);
      expect(cfg.mcpServers['flux-operator-mcp']?.args).toEqual(['serve', '--read-only=true']);
      expect(path.isAbsolute(cfg.mcpServers['flux-operator-mcp']?.env.KUBECONFIG ?? '')).toBe(true);
    });
  }

  it('codex: the codex mcp add command', async () => {
    const r = await runScript(['mcp-config', '--client', 'codex'], { env: withBinary() });
    expect(r.exitCode).toBe(0);
    expect(String(r.stdout).trim()).toBe(
      `codex mcp add flux-operator-mcp --env KUBECONFIG=${path.join(home, '.kube', 'config')} -- ${path.join(bin, 'flux-operator-mcp')} serve --read-only=true`,
    );
  });

  it('makes a relative --kubeconfig absolute', async () => {
    const r = await runScript(['mcp-config', '--client', 'claude-code', '--kubeconfig', 'second.yaml'], { env: withBinary(), cwd: dir });
    const cfg = JSON.parse(String(r.stdout)) as { mcpServers: Record<string, Entry> };
    expect(cfg.mcpServers['flux-operator-mcp']?.env.KUBECONFIG).toBe(path.join(dir, 'second.yaml'));
  });

  it('with several KUBECONFIG files, picks the one holding the current context and warns', async () => {
    const list = `${path.join(dir, 'first.yaml')}:${path.join(dir, 'second.yaml')}`;
    const r = await runScript(['mcp-config', '--client', 'claude-desktop'], { env: { ...withBinary(), KUBECONFIG: list } });
    expect(r.exitCode).toBe(0);
    const cfg = JSON.parse(String(r.stdout)) as { mcpServers: Record<string, Entry> };
    expect(cfg.mcpServers['flux-operator-mcp']?.env.KUBECONFIG).toBe(path.join(dir, 'second.yaml'));
    expect(String(r.stderr)).toMatch(/warning: KUBECONFIG lists 2 files.*second\.yaml.*"prod"/);
  });

  it('--read-write sets --read-only=false and warns', async () => {
    const r = await runScript(['mcp-config', '--client', 'vscode', '--read-write'], { env: withBinary() });
    const cfg = JSON.parse(String(r.stdout)) as { servers: Record<string, Entry> };
    expect(cfg.servers['flux-operator-mcp']?.args).toEqual(['serve', '--read-only=false']);
    expect(String(r.stderr)).toMatch(/warning: --read-write/);
  });

  it('names the binary bare with an install hint on stderr when it is not on PATH', async () => {
    const r = await runScript(['mcp-config', '--client', 'vscode'], { env: { HOME: home, PATH: BASE_PATH } });
    expect(r.exitCode).toBe(0);
    const cfg = JSON.parse(String(r.stdout)) as { servers: Record<string, Entry> };
    expect(cfg.servers['flux-operator-mcp']?.command).toBe('flux-operator-mcp');
    expect(String(r.stderr)).toMatch(/not on PATH.*brew install controlplaneio-fluxcd\/tap\/flux-operator-mcp/);
  });

  it('exits 2 with one line when no kubeconfig exists', async () => {
    const r = await runScript(['mcp-config'], { env: { HOME: path.join(dir, 'nohome'), PATH: `${bin}:${BASE_PATH}` } });
    expect(r.exitCode).toBe(2);
    expect(String(r.stdout)).toBe('');
    expect(String(r.stderr).trim().split('\n')).toHaveLength(1);
    expect(String(r.stderr)).toMatch(/no kubeconfig found.*--kubeconfig/);
  });

  it('exits 2 when --kubeconfig does not exist', async () => {
    const r = await runScript(['mcp-config', '--kubeconfig', path.join(dir, 'missing.yaml')], { env: withBinary() });
    expect(r.exitCode).toBe(2);
    expect(String(r.stderr)).toMatch(/does not exist/);
  });
});

describe('mcp-config --check', () => {
  function write(name: string, value: unknown): string {
    const file = path.join(dir, name);
    fs.writeFileSync(file, typeof value === 'string' ? value : JSON.stringify(value));
    return file;
  }

  it('passes the config it prints, for every JSON client', async () => {
    for (const client of ['vscode', 'claude-desktop', 'claude-code']) {
      const printed = await runScript(['mcp-config', '--client', client], { env: withBinary() });
      const file = write(`${client}.json`, String(printed.stdout));
      const r = await runScript(['mcp-config', '--check', file], { env: withBinary() });
      expect(r.exitCode, String(r.stdout)).toBe(0);
      expect(String(r.stdout)).toMatch(/^ok: /);
    }
  });

  it('lists each problem with a fix and exits 1', async () => {
    const file = write('bad.json', { mcpServers: { flux: { command: 'flux-operator-mcp', args: ['serve', '--mask-secrets=false'], env: { KUBECONFIG: path.join(dir, 'gone.yaml') } } } });
    const r = await runScript(['mcp-config', '--check', file], { env: { HOME: home, PATH: BASE_PATH } });
    expect(r.exitCode).toBe(1);
    const lines = String(r.stdout).trim().split('\n');
    expect(lines).toHaveLength(4);
    for (const l of lines) expect(l).toMatch(/^problem: .*\(fix: .+\)$/);
    expect(String(r.stdout)).toMatch(/defaults to read-write/);
    expect(String(r.stdout)).toMatch(/--mask-secrets/);
    expect(String(r.stdout)).toMatch(/gone\.yaml does not exist/);
    expect(String(r.stdout)).toMatch(/not on PATH/);
  });

  it('accepts VS Code comments and resolves ${workspaceFolder} for .vscode/mcp.json', async () => {
    const ws = path.join(dir, 'ws');
    fs.mkdirSync(path.join(ws, '.vscode'), { recursive: true });
    kubeconfig(path.join(ws, 'kubeconfig'), ['ws'], 'ws');
    const file = path.join(ws, '.vscode', 'mcp.json');
    fs.writeFileSync(
      file,
      `{\n  // Flux\n  "servers": {\n    "flux-operator-mcp": {\n      "type": "stdio",\n      "command": "flux-operator-mcp",\n      "args": ["serve", "--read-only=true"],\n      "env": {"KUBECONFIG": "\${workspaceFolder}/kubeconfig"},\n    },\n  },\n}\n`,
    );
    const r = await runScript(['mcp-config', '--check', file], { env: withBinary() });
    expect(r.exitCode, String(r.stdout)).toBe(0);
  });

  it('exits 2 for a file that is not JSON or does not exist', async () => {
    const bad = await runScript(['mcp-config', '--check', write('broken.json', '{"servers": ')], { env: withBinary() });
    expect(bad.exitCode).toBe(2);
    expect(String(bad.stderr)).toMatch(/is not JSON/);
    const gone = await runScript(['mcp-config', '--check', path.join(dir, 'nothing.json')], { env: withBinary() });
    expect(gone.exitCode).toBe(2);
    expect(String(gone.stderr)).toMatch(/cannot read/);
  });
});
