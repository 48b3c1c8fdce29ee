import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { detectLocalTools, parseVersion } from '../../skill-src/app/local-tools.js';
import { localToolsCheck } from '../../skill-src/checks/platform/local-tools.js';
import type { ClusterState, LocalTool } from '../../skill-src/cluster/state.js';
import { state } from '../helpers/state.js';
import { tempDir } from '../helpers/temp.js';

function run(st: ClusterState) {
  const out = localToolsCheck.run(st);
  for (const f of out.findings) {
    expect(localToolsCheck.reasons).toContain(f.reason);
    expect(f.severity).not.toBe('error');
    expect(f.next.docs).toBe(`reference.md#${f.reason.toLowerCase()}`);
    expect(f.hint).not.toMatch(/reference\.md#/);
  }
  return out;
}

const live = (localTools: LocalTool[]) => state({}, { mode: 'live', localTools });

describe('local-tools check', () => {
  it('is skipped in snapshot mode', () => {
    const out = run(state());
    expect(out.findings).toEqual([]);
    expect(out.skipped).toContain('snapshot mode');
  });

  it('reports both tools and their versions as facts', () => {
    const out = run(live([
      { name: 'flux-operator', path: '/usr/local/bin/flux-operator', version: 'v0.58.1' },
      { name: 'flux-operator-mcp', path: '/usr/local/bin/flux-operator-mcp', version: '0.58.1' },
    ]));
    expect(out.findings).toEqual([]);
    expect(out.facts).toEqual(['flux-operator v0.58.1 (/usr/local/bin/flux-operator)', 'flux-operator-mcp 0.58.1 (/usr/local/bin/flux-operator-mcp)']);
  });

  it('says how to install an absent tool, as a note (installing is not a suggested command)', () => {
    const out = run(live([{ name: 'flux-operator' }]));
    expect(out.findings.map((f) => [f.reason, f.severity, f.resource.name])).toEqual([
      ['ToolNotInstalled', 'info', 'flux-operator'],
      ['ToolNotInstalled', 'info', 'flux-operator-mcp'],
    ]);
    expect(out.findings[0]!.next.argv).toBeUndefined();
    expect(out.findings[0]!.next.note).toContain('Homebrew (controlplaneio-fluxcd/tap/flux-operator)');
    expect(out.findings[1]!.next.note).toContain('github.com/controlplaneio-fluxcd/flux-operator/releases');
  });

  it('warns with the version command when a tool does not print its version', () => {
    const out = run(live([
      { name: 'flux-operator', path: '/x/flux-operator', error: 'printed no version (exit 1)' },
      { name: 'flux-operator-mcp', path: '/x/flux-operator-mcp', version: 'v1.0.0' },
    ]));
    expect(out.findings.map((f) => f.reason)).toEqual(['ToolVersionUnknown']);
    expect(out.findings[0]!.hint).toBe('flux-operator version --client');
    expect(out.findings[0]!.message).toContain('printed no version');
  });
});

describe('detectLocalTools', () => {
  const dir = tempDir('local-tools');
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const stub = (name: string, body: string): void => {
    fs.writeFileSync(path.join(dir, name), `#!/bin/sh\n${body}\n`, { mode: 0o755 });
  };

  it('parses versions the way both binaries print them', () => {
    expect(parseVersion('client: v0.58.1\n')).toBe('v0.58.1');
    expect(parseVersion('flux-operator-mcp version 0.58.1\n')).toBe('0.58.1');
    expect(parseVersion('client: 0.0.0-dev.0')).toBe('0.0.0-dev.0');
    expect(parseVersion('no version here')).toBeUndefined();
  });

  it('runs each binary with its client-only version command', async () => {
    // The stubs answer only to the exact arguments, so a wrong command shows as a missing version.
    stub('flux-operator', '[ "$1 $2" = "version --client" ] && echo "client: v0.58.1" || exit 3');
    stub('flux-operator-mcp', '[ "$1" = "--version" ] && echo "flux-operator-mcp version 0.58.1" || exit 3');
    const tools = await detectLocalTools({ PATH: dir }, 60_000);
    expect(tools).toEqual([
      { name: 'flux-operator', path: path.join(dir, 'flux-operator'), version: 'v0.58.1' },
      { name: 'flux-operator-mcp', path: path.join(dir, 'flux-operator-mcp'), version: '0.58.1' },
    ]);
  });

  it('reports absent tools and tools that print no version', async () => {
    const empty = tempDir('local-tools-empty');
    stub('flux-operator', 'echo oops; exit 1');
    fs.rmSync(path.join(dir, 'flux-operator-mcp'), { force: true });
    fs.writeFileSync(path.join(empty, 'flux-operator-mcp'), 'not executable', { mode: 0o644 });
    const tools = await detectLocalTools({ PATH: `${dir}:${empty}` }, 60_000);
    expect(tools[0]).toMatchObject({ name: 'flux-operator', path: path.join(dir, 'flux-operator') });
    expect(tools[0]!.error).toContain('exit 1');
    expect(tools[1]).toEqual({ name: 'flux-operator-mcp' });
    fs.rmSync(empty, { recursive: true, force: true });
  });

  it('reports a binary that hangs instead of waiting for it', async () => {
    stub('flux-operator', 'exec /bin/sleep 30');
    const tools = await detectLocalTools({ PATH: dir }, 300);
    expect(tools[0]!.error).toContain('did not finish');
  });
});
