// Command-line parsing: pure, returns options or a usage error (exit 2), never throws.
import { parseRevisionArgs, type RevisionOptions } from './revision-args.js';

export type { RevisionOptions };

export type OutputFormat = 'text' | 'markdown' | 'json';
export type McpClient = 'vscode' | 'vscode-agent-host' | 'claude-desktop' | 'claude-code' | 'codex';

export interface ValidateOptions {
  command: 'validate';
  kubeconfig?: string;
  /** Empty means the current context. */
  contexts: string[];
  allContexts: boolean;
  namespace?: string;
  output: OutputFormat;
  snapshot?: string;
  record?: string;
  /** --force: --record may replace an existing recording (never a symlink). */
  force?: boolean;
  timeoutSeconds: number;
  probeUi: boolean;
  noColor: boolean;
}

export interface McpConfigOptions {
  command: 'mcp-config';
  client: McpClient;
  readWrite: boolean;
  kubeconfig?: string;
  check?: string;
}

export type ParsedArgs = ValidateOptions | McpConfigOptions | RevisionOptions | { command: 'help' | 'version' | 'mcp-config-help' } | { command: 'list-requests'; output: OutputFormat };

export interface UsageError {
  usageError: string;
  hint: string;
}

export const DEFAULT_TIMEOUT_SECONDS = 20;
const OUTPUTS: readonly OutputFormat[] = ['text', 'markdown', 'json'];
const CLIENTS: readonly McpClient[] = ['vscode', 'vscode-agent-host', 'claude-desktop', 'claude-code', 'codex'];

class ArgReader {
  private i = 0;
  constructor(private readonly argv: readonly string[]) {}
  next(): string | undefined {
    return this.argv[this.i++];
  }
  /** The value of `--flag VALUE` or `--flag=VALUE`. */
  value(flag: string, inline: string | undefined): string | UsageError {
    if (inline !== undefined) return inline;
    const v = this.argv[this.i];
    if (v === undefined || (v.startsWith('--') && v.length > 2)) {
      return { usageError: `option ${flag} needs a value`, hint: `write ${flag} VALUE; see --help` };
    }
    this.i++;
    return v;
  }
}

function isError(v: unknown): v is UsageError {
  return typeof v === 'object' && v !== null && 'usageError' in v;
}

function splitFlag(arg: string): [string, string | undefined] {
  const eq = arg.indexOf('=');
  return eq > 2 && arg.startsWith('--') ? [arg.slice(0, eq), arg.slice(eq + 1)] : [arg, undefined];
}

function unknown(arg: string): UsageError {
  return { usageError: `unknown option ${JSON.stringify(arg)}`, hint: 'run validate.sh --help for the list of options' };
}

type Setter = (opts: ValidateOptions, value: string) => UsageError | undefined;

const setNamespace: Setter = (o, v) => void (o.namespace = v);
const setOutput: Setter = (o, v) => {
  if (!(OUTPUTS as readonly string[]).includes(v)) return { usageError: `unknown output format ${JSON.stringify(v)}`, hint: 'use --output text, markdown or json' };
  o.output = v as OutputFormat;
  return undefined;
};

/** Options that take a value, and what each does with it. */
const VALUE_OPTIONS = new Map<string, Setter>(Object.entries({
  '--kubeconfig': (o, v) => void (o.kubeconfig = v),
  '--context': (o, v) => void o.contexts.push(v),
  '-n': setNamespace,
  '--namespace': setNamespace,
  '-o': setOutput,
  '--output': setOutput,
  '--snapshot': (o, v) => void (o.snapshot = v),
  '--record': (o, v) => void (o.record = v),
  '--timeout': (o, v) => {
    const n = Number(v);
    if (!Number.isFinite(n) || n <= 0 || n > 3600) return { usageError: `invalid --timeout ${JSON.stringify(v)}`, hint: 'give a number of seconds between 1 and 3600, e.g. --timeout 30' };
    o.timeoutSeconds = n;
    return undefined;
  },
} satisfies Record<string, Setter>));

/** Flags that take a value (the revision subcommand tells them from its positional REV). */
export const VALUE_FLAGS: readonly string[] = [...VALUE_OPTIONS.keys()];

/** Options without a value. */
const SWITCHES = new Map<string, (opts: ValidateOptions) => void>(Object.entries({
  '--all-contexts': (o) => void (o.allContexts = true),
  '--no-probe-ui': (o) => void (o.probeUi = false),
  '--no-color': (o) => void (o.noColor = true),
  '--force': (o) => void (o.force = true),
} satisfies Record<string, (opts: ValidateOptions) => void>));

export function parseArgs(argv: readonly string[]): ParsedArgs | UsageError {
  if (argv[0] === 'mcp-config') return parseMcpConfig(argv.slice(1));
  if (argv[0] === 'revision') return parseRevisionArgs(argv.slice(1), parseArgs, VALUE_FLAGS);
  const opts: ValidateOptions = {
    command: 'validate',
    contexts: [],
    allContexts: false,
    output: 'text',
    timeoutSeconds: DEFAULT_TIMEOUT_SECONDS,
    probeUi: true,
    noColor: false,
  };
  let listRequests = false;
  const r = new ArgReader(argv);
  for (let arg = r.next(); arg !== undefined; arg = r.next()) {
    const [flag, inline] = splitFlag(arg);
    if (flag === '-h' || flag === '--help') return { command: 'help' };
    if (flag === '--version') return { command: 'version' };
    if (flag === '--list-requests' && inline === undefined) {
      listRequests = true;
      continue;
    }
    // Maps, not object lookups: a flag such as "constructor" must be unknown, not Object's own property.
    const toggle = SWITCHES.get(flag);
    const setter = VALUE_OPTIONS.get(flag);
    if (toggle && inline === undefined) {
      toggle(opts);
    } else if (setter) {
      const v = r.value(flag, inline);
      if (isError(v)) return v;
      const problem = setter(opts, v);
      if (problem) return problem;
    } else {
      return unknown(arg);
    }
  }
  // The request list is the same for every cluster: only --output changes how it is printed.
  if (listRequests) return { command: 'list-requests', output: opts.output };
  if (opts.snapshot !== undefined && (opts.contexts.length > 0 || opts.allContexts || opts.record !== undefined)) {
    return { usageError: '--snapshot cannot be combined with --context, --all-contexts or --record', hint: 'a snapshot is one recorded cluster; validate it alone' };
  }
  if (opts.allContexts && opts.contexts.length > 0) {
    return { usageError: '--all-contexts cannot be combined with --context', hint: 'use either --all-contexts or one --context per cluster' };
  }
  if (opts.force && opts.record === undefined) {
    return { usageError: '--force only applies to --record', hint: 'use --force together with --record FILE to replace an existing recording' };
  }
  if (opts.record !== undefined && (opts.contexts.length > 1 || opts.allContexts)) {
    return { usageError: '--record captures one cluster at a time', hint: 'use at most one --context with --record' };
  }
  return opts;
}

function parseMcpConfig(argv: readonly string[]): McpConfigOptions | UsageError | { command: 'mcp-config-help' } {
  const opts: McpConfigOptions = { command: 'mcp-config', client: 'vscode', readWrite: false };
  const r = new ArgReader(argv);
  for (let arg = r.next(); arg !== undefined; arg = r.next()) {
    const [flag, inline] = splitFlag(arg);
    switch (flag) {
      case '-h':
      case '--help':
        return { command: 'mcp-config-help' };
      case '--client': {
        const v = r.value(flag, inline);
        if (isError(v)) return v;
        if (!(CLIENTS as readonly string[]).includes(v)) {
          return { usageError: `unknown MCP client ${JSON.stringify(v)}`, hint: `use --client ${CLIENTS.join(', ')}` };
        }
        opts.client = v as McpClient;
        break;
      }
      case '--read-write':
        opts.readWrite = true;
        break;
      case '--kubeconfig': {
        const v = r.value(flag, inline);
        if (isError(v)) return v;
        opts.kubeconfig = v;
        break;
      }
      case '--check': {
        const v = r.value(flag, inline);
        if (isError(v)) return v;
        opts.check = v;
        break;
      }
      default:
        return unknown(arg);
    }
  }
  return opts;
}

export { isError as isUsageError };
