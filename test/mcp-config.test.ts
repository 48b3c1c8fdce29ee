// Pure parts of mcp-config: each client's shape, the read-only default, and one audit test per problem.
import { describe, expect, it } from 'vitest';
import { buildClientConfig, codexCommand, shellQuote, type ServerSpec } from '../skill-src/mcp/clients.js';
import { auditConfig, expandVariables, findServerEntries, type AuditProbe, type ProblemId } from '../skill-src/mcp/audit.js';
import { boolFlag, isServerCommand } from '../skill-src/mcp/server.js';
import { parseJsonc } from '../skill-src/mcp/jsonc.js';

const SPEC: ServerSpec = { command: '/opt/bin/flux-operator-mcp', kubeconfig: '/home/me/.kube/config', readOnly: true };

describe('buildClientConfig', () => {
  it('VS Code: servers with a stdio entry, read-only, KUBECONFIG in env', () => {
    const cfg = JSON.parse(buildClientConfig('vscode', SPEC).text) as unknown;
    expect(cfg).toEqual({
      servers: {
        'flux-operator-mcp': { type: 'stdio', command: '/opt/bin/flux-operator-mcp', args: ['serve', '--read-only=true'], env: { KUBECONFIG: '/home/me/.kube/config' } },
      },
    });
  });

  it('Claude Desktop: mcpServers without a type', () => {
    const cfg = JSON.parse(buildClientConfig('claude-desktop', SPEC).text) as unknown;
    expect(cfg).toEqual({
      mcpServers: { 'flux-operator-mcp': { command: '/opt/bin/flux-operator-mcp', args: ['serve', '--read-only=true'], env: { KUBECONFIG: '/home/me/.kube/config' } } },
    });
  });

  it('Claude Code: mcpServers with a stdio entry', () => {
    const cfg = JSON.parse(buildClientConfig('claude-code', SPEC).text) as { mcpServers: Record<string, { type: string; args: string[] }> };
    expect(Object.keys(cfg)).toEqual(['mcpServers']);
    expect(cfg.mcpServers['flux-operator-mcp']?.type).toBe('stdio');
    expect(cfg.mcpServers['flux-operator-mcp']?.args).toEqual(['serve', '--read-only=true']);
  });

  it('Codex: the codex mcp add command', () => {
    expect(buildClientConfig('codex', SPEC).text).toBe(
      'codex mcp add flux-operator-mcp --env KUBECONFIG=/home/me/.kube/config -- /opt/bin/flux-operator-mcp serve --read-only=true\n',
    );
  });

  it('read-write only when asked', () => {
    const cfg = JSON.parse(buildClientConfig('claude-desktop', { ...SPEC, readOnly: false }).text) as { mcpServers: Record<string, { args: string[] }> };
    expect(cfg.mcpServers['flux-operator-mcp']?.args).toEqual(['serve', '--read-only=false']);
  });

  it('quotes paths with spaces in the Codex command', () => {
    expect(codexCommand({ ...SPEC, kubeconfig: "/Users/Jo Ann/it's/config" })).toContain(`'KUBECONFIG=/Users/Jo Ann/it'\\''s/config'`);
    expect(shellQuote('plain/path-1.2')).toBe('plain/path-1.2');
    expect(shellQuote('')).toBe("''");
  });
});

describe('server flag semantics', () => {
  it('parses boolean flags like the server does', () => {
    expect(boolFlag(['serve'], 'read-only')).toBeUndefined();
    expect(boolFlag(['serve', '--read-only'], 'read-only')).toBe(true);
    expect(boolFlag(['serve', '--read-only=True'], 'read-only')).toBe(true);
    expect(boolFlag(['serve', '--read-only=0'], 'read-only')).toBe(false);
    expect(boolFlag(['serve', '--read-only=true', '--read-only=false'], 'read-only')).toBe(false);
    expect(boolFlag(['serve', '--read-only=yes'], 'read-only')).toBe('invalid');
    expect(boolFlag(['serve', '--read-only-x'], 'read-only')).toBeUndefined();
  });

  it('recognises the binary by its base name only', () => {
    expect(isServerCommand('flux-operator-mcp')).toBe(true);
    expect(isServerCommand('/usr/local/bin/flux-operator-mcp')).toBe(true);
    expect(isServerCommand('C:\\tools\\flux-operator-mcp.exe')).toBe(true);
    expect(isServerCommand('flux-operator')).toBe(false);
    expect(isServerCommand('/bin/flux-operator-mcp-wrapper')).toBe(false);
  });
});

describe('parseJsonc', () => {
  it('accepts comments and trailing commas, keeps strings intact', () => {
    const v = parseJsonc('{\n // c\n "a": "x // not a comment, /* nor this */",\n /* b */ "b": [1, 2,],\n}') as { a: string; b: number[] };
    expect(v).toEqual({ a: 'x // not a comment, /* nor this */', b: [1, 2] });
  });
  it('drops a trailing comma before a closing bracket after any amount of white space, but not a comma inside a string', () => {
    expect(parseJsonc(`{"a": [1,${' '.repeat(500)}\n]}`)).toEqual({ a: [1] });
    expect(parseJsonc('{"a": ",]", "b": 1,}')).toEqual({ a: ',]', b: 1 });
  });
  it('still rejects broken JSON', () => {
    expect(() => parseJsonc('{"a": ')).toThrow();
  });
});

const GOOD_ENTRY = { command: '/opt/bin/flux-operator-mcp', args: ['serve', '--read-only=true'], env: { KUBECONFIG: '/home/me/.kube/config' } };

function probe(over: Partial<AuditProbe> = {}): AuditProbe {
  return {
    variables: { userHome: '/home/me' },
    pathDelimiter: ':',
    isAbsolute: (p) => p.startsWith('/'),
    fileExists: (p) => p === '/home/me/.kube/config' || p === '/home/me/.kube/other',
    commandExists: (c) => c === '/opt/bin/flux-operator-mcp' || c === 'flux-operator-mcp',
    ...over,
  };
}

function problemIds(entry: Record<string, unknown>, p: AuditProbe = probe()): ProblemId[] {
  return auditConfig({ servers: { 'flux-operator-mcp': entry } }, p).problems.map((x) => x.id);
}

describe('auditConfig', () => {
  it('passes a good config in every client shape', () => {
    for (const shape of [
      { servers: { 'flux-operator-mcp': GOOD_ENTRY } },
      { mcp: { servers: { flux: GOOD_ENTRY } } },
      { mcpServers: { 'flux-operator-mcp': GOOD_ENTRY } },
      { projects: { '/repo': { mcpServers: { flux: GOOD_ENTRY } } } },
    ]) {
      const r = auditConfig(shape, probe());
      expect(r.entries).toHaveLength(1);
      expect(r.problems).toEqual([]);
    }
  });

  it('accepts a bare --read-only, a bare name on PATH and ${userHome}', () => {
    expect(problemIds({ command: 'flux-operator-mcp', args: ['serve', '--read-only'], env: { KUBECONFIG: '${userHome}/.kube/config' } })).toEqual([]);
  });

  it('reports a file without a flux-operator-mcp entry', () => {
    expect(auditConfig({ servers: { other: { command: 'npx', args: ['some-server'] } } }, probe()).problems.map((p) => p.id)).toEqual(['no-server']);
  });

  it('catches a missing serve subcommand', () => {
    expect(problemIds({ ...GOOD_ENTRY, args: ['--read-only=true'] })).toEqual(['serve-missing']);
  });

  it('catches an absent --read-only (the server defaults to read-write)', () => {
    expect(problemIds({ ...GOOD_ENTRY, args: ['serve'] })).toEqual(['read-write']);
  });

  it('catches --read-only=false', () => {
    expect(problemIds({ ...GOOD_ENTRY, args: ['serve', '--read-only=false'] })).toEqual(['read-write']);
  });

  it('catches an unparsable --read-only value', () => {
    expect(problemIds({ ...GOOD_ENTRY, args: ['serve', '--read-only=yes'] })).toEqual(['read-only-invalid']);
  });

  it('catches --mask-secrets=false', () => {
    expect(problemIds({ ...GOOD_ENTRY, args: ['serve', '--read-only=true', '--mask-secrets=false'] })).toEqual(['secrets-unmasked']);
  });

  it('catches an unset KUBECONFIG, even with --kubeconfig in args', () => {
    expect(problemIds({ command: GOOD_ENTRY.command, args: ['serve', '--read-only=true', '--kubeconfig=/home/me/.kube/config'] })).toEqual(['kubeconfig-unset']);
    expect(problemIds({ ...GOOD_ENTRY, env: { KUBECONFIG: '' } })).toEqual(['kubeconfig-unset']);
  });

  it('catches a KUBECONFIG that does not exist', () => {
    expect(problemIds({ ...GOOD_ENTRY, env: { KUBECONFIG: '/home/me/.kube/gone' } })).toEqual(['kubeconfig-missing']);
  });

  it('catches one missing file in a KUBECONFIG list', () => {
    expect(problemIds({ ...GOOD_ENTRY, env: { KUBECONFIG: '/home/me/.kube/config:/home/me/.kube/gone' } })).toEqual(['kubeconfig-missing']);
    expect(problemIds({ ...GOOD_ENTRY, env: { KUBECONFIG: '/home/me/.kube/config:/home/me/.kube/other' } })).toEqual([]);
  });

  it('catches a relative KUBECONFIG', () => {
    expect(problemIds({ ...GOOD_ENTRY, env: { KUBECONFIG: '.kube/config' } })).toEqual(['kubeconfig-relative']);
  });

  it('catches a KUBECONFIG variable it cannot resolve', () => {
    expect(problemIds({ ...GOOD_ENTRY, env: { KUBECONFIG: '${workspaceFolder}/kubeconfig' } })).toEqual(['kubeconfig-unresolved']);
  });

  it('catches a binary that is not installed', () => {
    expect(problemIds({ ...GOOD_ENTRY, command: '/usr/local/bin/flux-operator-mcp' })).toEqual(['binary-missing']);
    expect(problemIds({ ...GOOD_ENTRY, command: 'flux-operator-mcp' }, probe({ commandExists: () => false }))).toEqual(['binary-missing']);
  });

  it('catches a relative binary path', () => {
    expect(problemIds({ ...GOOD_ENTRY, command: 'bin/flux-operator-mcp' })).toEqual(['binary-relative']);
  });

  it('catches a command variable it cannot resolve', () => {
    expect(problemIds({ ...GOOD_ENTRY, command: '${env:TOOLS}/flux-operator-mcp' })).toEqual(['binary-unresolved']);
  });

  it('reports several problems of one entry together, with its location', () => {
    const r = auditConfig({ mcpServers: { flux: { command: 'flux-operator-mcp', args: [] } } }, probe());
    expect(r.problems.map((p) => p.id)).toEqual(['serve-missing', 'read-write', 'kubeconfig-unset']);
    expect(new Set(r.problems.map((p) => p.location))).toEqual(new Set(['mcpServers.flux']));
    for (const p of r.problems) expect(p.fix.length).toBeGreaterThan(0);
  });
});

describe('helpers', () => {
  it('expandVariables resolves known names and names the first unknown one', () => {
    expect(expandVariables('${userHome}/x', { userHome: '/h' })).toEqual({ value: '/h/x' });
    expect(expandVariables('${a}/${b}', { a: '1' })).toEqual({ unknown: 'b' });
  });
  it('findServerEntries keeps only string args and env values', () => {
    const [e] = findServerEntries({ servers: { x: { command: 'flux-operator-mcp', args: ['serve', 3], env: { KUBECONFIG: '/k', N: 1 } } } });
    expect(e).toEqual({ location: 'servers.x', command: 'flux-operator-mcp', args: ['serve'], env: { KUBECONFIG: '/k' } });
  });
});
