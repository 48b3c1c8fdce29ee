// Hostile servers, files and configurations for issue 12's bounds (item 7), --record's target safety and
// redaction (item 4) and mcp-config --check (item 9), declared as tables so test/reliability-counts.json
// counts the very cases the tests run.

/** A replay-server fault the built script must survive with one ReadFailed finding naming the bound. */
export interface ServerBoundCase {
  name: string;
  faults: string[];
  /** The finding's message names the bound. */
  cause: RegExp;
  /** The listed resource whose requests are counted (pages per list). */
  resource: string;
  /** At most this many list requests for `resource`: the client stopped by itself. */
  maxRequests?: number;
  /** At most this many body bytes sent before the client stopped reading (huge bodies). */
  maxBytesSent?: number;
}

const MiB = 1024 * 1024;

export const SERVER_BOUND_CASES: readonly ServerBoundCase[] = [
  {
    name: 'a 700 MiB body, chunked without Content-Length (bytes per response)',
    faults: ['*/kustomizations=huge:700'],
    cause: /too large.*Kustomization.*16 MiB/,
    resource: 'kustomizations',
    // The 16 MiB bound plus what sits in socket and TLS buffers when the client hangs up.
    maxBytesSent: 24 * MiB,
  },
  {
    name: 'a page of 2000 items for limit=500 (items per page)',
    faults: ['*/kustomizations=oversize:2000'],
    cause: /2000 Kustomization objects in one page, more than the limit of 500/,
    resource: 'kustomizations',
  },
  {
    name: 'continue tokens without end, empty pages (pages per list)',
    faults: ['*/gitrepositories=endless'],
    cause: /continue tokens for GitRepository objects: stopped after 400 pages/,
    resource: 'gitrepositories',
    maxRequests: 401,
  },
  {
    name: 'continue tokens without end, full pages (objects in total)',
    faults: ['*/helmreleases=endless:500'],
    cause: /more than 150000 objects in all; stopped while reading HelmRelease objects/,
    resource: 'helmreleases',
    maxRequests: 302,
  },
];

/** Other bounds, each a test of its own in test/reliability-bounds.test.ts. */
export const OTHER_BOUND_TESTS = [
  'an exec credential plugin that sleeps is killed at the --timeout deadline, its children too',
  'an exec credential plugin that prints without end is stopped',
  'a YAML alias bomb of under 600 bytes in a snapshot: exit 2 within --timeout, bounded heap',
  'a snapshot nested deeper than the bound: exit 2, one line',
  '--record of an object nested 100000 levels deep: recorded, cut, and the recording loads back',
  'the run-wide byte budget and per-response bound reach the transport (collector, lowered limits)',
] as const;

/** --record targets that must be refused (exit 2, nothing written) or written safely. */
export const RECORD_TARGET_TESTS = [
  'a symlink at FILE is refused, its target untouched',
  'a symlink at the side file is refused',
  'an existing FILE is refused without --force, untouched',
  '--force replaces an existing recording, mode 0600',
  '--force still refuses a symlink',
  'a new recording and its side file are written with mode 0600',
  '--force without --record is a usage error',
  'planted credentials (env values of any name, DSN Password=, AWS key id, --token= args, Provider webhook, URL userinfo, query tokens) are not in the recording',
] as const;

export interface McpCheckCase {
  name: string;
  /** File name (its extension selects JSON or TOML) and content; @BIN@ and @KUBE@ become absolute paths. */
  file: string;
  content: string;
  exit: 0 | 1 | 2;
  /** What stdout (exit 0 or 1) or stderr (exit 2) must say. */
  says: RegExp;
  /** Environment of the run beyond HOME and PATH. */
  env?: Record<string, string>;
}

const json = (entry: Record<string, unknown>): string => JSON.stringify({ mcpServers: { flux: entry } }, null, 2);

export const MCP_CHECK_CASES: readonly McpCheckCase[] = [
  { name: '--read-only=true after "--" is not a flag (pflag)', file: 'mcp.json', content: json({ command: '@BIN@', args: ['serve', '--', '--read-only=true'], env: { KUBECONFIG: '@KUBE@' } }), exit: 1, says: /no --read-only flag/ },
  { name: '"serve" after "--" is not the subcommand', file: 'mcp.json', content: json({ command: '@BIN@', args: ['--', 'serve', '--read-only=true'], env: { KUBECONFIG: '@KUBE@' } }), exit: 1, says: /lack the "serve" subcommand/ },
  { name: '--read-only=false before "--" counts, whatever follows', file: 'mcp.json', content: json({ command: '@BIN@', args: ['serve', '--read-only=false', '--', '--read-only=true'], env: { KUBECONFIG: '@KUBE@' } }), exit: 1, says: /--read-only=false registers the write tools/ },
  { name: 'env VAR=x wrapper: KUBECONFIG from the wrapper, read-only: ok', file: 'mcp.json', content: json({ command: 'env', args: ['KUBECONFIG=@KUBE@', '@BIN@', 'serve', '--read-only=true'] }), exit: 0, says: /^ok: .* starts flux-operator-mcp read-only/ },
  { name: 'env wrapper running the server read-write', file: 'mcp.json', content: json({ command: '/usr/bin/env', args: ['@BIN@', 'serve', '--read-only=false'], env: { KUBECONFIG: '@KUBE@' } }), exit: 1, says: /--read-only=false registers the write tools/ },
  { name: 'env -i drops the entry env (KUBECONFIG unset)', file: 'mcp.json', content: json({ command: 'env', args: ['-i', '@BIN@', 'serve', '--read-only=true'], env: { KUBECONFIG: '@KUBE@' } }), exit: 1, says: /env\.KUBECONFIG is not set/ },
  { name: 'env -u KUBECONFIG unsets it', file: 'mcp.json', content: json({ command: 'env', args: ['-u', 'KUBECONFIG', '@BIN@', 'serve', '--read-only=true'], env: { KUBECONFIG: '@KUBE@' } }), exit: 1, says: /env\.KUBECONFIG is not set/ },
  { name: 'sh -c running the server read-write', file: 'mcp.json', content: json({ command: 'sh', args: ['-c', '@BIN@ serve --read-only=false'], env: { KUBECONFIG: '@KUBE@' } }), exit: 1, says: /--read-only=false registers the write tools/ },
  { name: 'bash -lc "exec ... serve --read-only=true": ok', file: 'mcp.json', content: json({ command: '/bin/bash', args: ['-lc', "exec '@BIN@' serve --read-only=true"], env: { KUBECONFIG: '@KUBE@' } }), exit: 0, says: /^ok: / },
  { name: 'bash -lc with "--" before --read-only=true', file: 'mcp.json', content: json({ command: 'bash', args: ['-lc', '@BIN@ serve -- --read-only=true'], env: { KUBECONFIG: '@KUBE@' } }), exit: 1, says: /no --read-only flag/ },
  { name: 'sh -c with a KUBECONFIG assignment and env inside', file: 'mcp.json', content: json({ command: 'sh', args: ['-c', 'KUBECONFIG=@KUBE@ env @BIN@ serve --read-only=true'] }), exit: 0, says: /^ok: / },
  { name: 'sh -c with a second command is not followed', file: 'mcp.json', content: json({ command: 'sh', args: ['-c', '@BIN@ serve --read-only=true; curl https://evil.example'], env: { KUBECONFIG: '@KUBE@' } }), exit: 1, says: /cannot follow .*read-only cannot be confirmed/ },
  { name: 'sh -c with a substitution is not followed', file: 'mcp.json', content: json({ command: 'sh', args: ['-c', '@BIN@ serve $(cat flags)'], env: { KUBECONFIG: '@KUBE@' } }), exit: 1, says: /cannot follow/ },
  {
    name: 'Codex config.toml: [mcp_servers.NAME] read-only with env: ok',
    file: 'config.toml',
    content: '# Codex\nmodel = "gpt-5"\n\n[mcp_servers.flux-operator-mcp]\ncommand = "@BIN@"\nargs = ["serve", "--read-only=true"] # read-only\nenv = { KUBECONFIG = "@KUBE@" }\nstartup_timeout_sec = 20\n',
    exit: 0,
    says: /^ok: .*mcp_servers\.flux-operator-mcp starts flux-operator-mcp read-only/,
  },
  {
    name: 'Codex config.toml: no --read-only, env as a sub-table',
    file: 'config.toml',
    content: "[mcp_servers.flux]\ncommand = '@BIN@'\nargs = [\n  \"serve\",\n]\n\n[mcp_servers.flux.env]\nKUBECONFIG = '@KUBE@'\n",
    exit: 1,
    says: /mcp_servers\.flux: no --read-only flag/,
  },
  {
    name: 'Codex config.toml: KUBECONFIG forwarded with env_vars',
    file: 'config.toml',
    content: '[mcp_servers.flux]\ncommand = "@BIN@"\nargs = ["serve", "--read-only=true"]\nenv_vars = ["KUBECONFIG"]\n',
    env: { KUBECONFIG: '@KUBE@' },
    exit: 0,
    says: /^ok: /,
  },
  {
    name: 'Codex config.toml: a disabled server does not count',
    file: 'config.toml',
    content: '[mcp_servers.flux]\ncommand = "@BIN@"\nargs = ["serve"]\nenabled = false\n',
    exit: 1,
    says: /no server entry runs flux-operator-mcp/,
  },
  { name: 'Codex config.toml that is not TOML: exit 2 naming the line', file: 'config.toml', content: '[mcp_servers.flux]\ncommand = "BIN\n', exit: 2, says: /is not TOML: line 2: unterminated string/ },
  { name: 'Codex config.toml nested without end: exit 2, bounded', file: 'config.toml', content: `x = ${'['.repeat(5000)}${']'.repeat(5000)}\n`, exit: 2, says: /is not TOML: line 1: nesting deeper than 32/ },
];
