import { describe, expect, it } from 'vitest';
import { DEFAULT_TIMEOUT_SECONDS, parseArgs, isUsageError } from '../../skill-src/cli/args.js';

describe('parseArgs', () => {
  it('defaults to a text report of the current context with the UI probe on', () => {
    expect(parseArgs([])).toEqual({ command: 'validate', contexts: [], allContexts: false, output: 'text', timeoutSeconds: DEFAULT_TIMEOUT_SECONDS, probeUi: true, noColor: false });
  });

  it('reads every documented flag, in both --flag VALUE and --flag=VALUE forms', () => {
    const r = parseArgs(['--kubeconfig', '/k', '--context=a', '-n', 'ops', '--output=json', '--timeout', '7.5', '--no-probe-ui', '--no-color', '--record', 'out.yaml']);
    expect(r).toMatchObject({ kubeconfig: '/k', contexts: ['a'], namespace: 'ops', output: 'json', timeoutSeconds: 7.5, probeUi: false, noColor: true, record: 'out.yaml' });
  });

  it.each([
    [['--bogus'], 'unknown option "--bogus"'],
    [['stray'], 'unknown option "stray"'],
    [['--output', 'yaml'], 'unknown output format "yaml"'],
    [['--output'], 'option --output needs a value'],
    [['--context', '--no-color'], 'option --context needs a value'],
    [['--timeout', '0'], 'invalid --timeout "0"'],
    [['--timeout', 'soon'], 'invalid --timeout "soon"'],
    [['--snapshot', 'f.yaml', '--context', 'x'], '--snapshot cannot be combined'],
    [['--all-contexts', '--context', 'x'], '--all-contexts cannot be combined'],
    [['mcp-config', '--client', 'emacs'], 'unknown MCP client "emacs"'],
  ])('%j is a usage error naming the problem', (argv, text) => {
    const r = parseArgs(argv);
    expect(isUsageError(r)).toBe(true);
    if (isUsageError(r)) {
      expect(r.usageError).toContain(text);
      expect(r.hint.length).toBeGreaterThan(5);
    }
  });

  it('help and version win over anything after them', () => {
    expect(parseArgs(['--help', '--bogus'])).toEqual({ command: 'help' });
    expect(parseArgs(['--version'])).toEqual({ command: 'version' });
  });

  it('parses the mcp-config subcommand', () => {
    expect(parseArgs(['mcp-config'])).toEqual({ command: 'mcp-config', client: 'vscode', readWrite: false });
    expect(parseArgs(['mcp-config', '--client', 'codex', '--read-write', '--kubeconfig', '/k'])).toEqual({ command: 'mcp-config', client: 'codex', readWrite: true, kubeconfig: '/k' });
    expect(parseArgs(['mcp-config', '--check', 'mcp.json'])).toMatchObject({ command: 'mcp-config', check: 'mcp.json' });
  });
});

describe('parseArgs with several contexts', () => {
  it('collects repeated --context flags, but refuses to record more than one cluster', () => {
    expect(parseArgs(['--context', 'a', '--context', 'b'])).toMatchObject({ contexts: ['a', 'b'] });
    const r = parseArgs(['--context', 'a', '--context', 'b', '--record', 'x.yaml']);
    expect(isUsageError(r) && r.usageError).toBe('--record captures one cluster at a time');
  });
});

describe('parseArgs with hostile flag names', () => {
  it.each(['constructor', '__proto__', 'toString', '--constructor'])('%s is an unknown option', (flag) => {
    const r = parseArgs([flag, 'x']);
    expect(isUsageError(r) && r.usageError).toBe(`unknown option ${JSON.stringify(flag)}`);
  });

  it('a switch given a value is refused', () => {
    const r = parseArgs(['--no-color=yes']);
    expect(isUsageError(r) && r.usageError).toBe('unknown option "--no-color=yes"');
  });
});
