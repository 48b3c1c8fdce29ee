// Command-line parsing: pure, returns options or a usage error (exit 2), never throws.

export type OutputFormat = 'text' | 'markdown' | 'json';
export type McpClient = 'vscode' | 'claude-desktop' | 'claude-code' | 'codex';

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

export type ParsedArgs = ValidateOptions | McpConfigOptions | { command: 'help' | 'version' | 'mcp-config-help' };

export interface UsageError {
  usageError: string;
  hint: string;
}

export const DEFAULT_TIMEOUT_SECONDS = 20;
const OUTPUTS: readonly OutputFormat[] = ['text', 'markdown', 'json'];
const CLIENTS: readonly McpClient[] = ['vscode', 'claude-desktop', 'claude-code', 'codex'];

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

export function parseArgs(argv: readonly string[]): ParsedArgs | UsageError {
  if (argv[0] === 'mcp-config') return parseMcpConfig(argv.slice(1));
  const opts: ValidateOptions = {
    command: 'validate',
    contexts: [],
    allContexts: false,
    output: 'text',
    timeoutSeconds: DEFAULT_TIMEOUT_SECONDS,
    probeUi: true,
    noColor: false,
  };
  const r = new ArgReader(argv);
  for (let arg = r.next(); arg !== undefined; arg = r.next()) {
    const [flag, inline] = splitFlag(arg);
    const take = (): string | UsageError => r.value(flag, inline);
    switch (flag) {
      case '-h':
      case '--help':
        return { command: 'help' };
      case '--version':
        return { command: 'version' };
      case '--kubeconfig': {
        const v = take();
        if (isError(v)) return v;
        opts.kubeconfig = v;
        break;
      }
      case '--context': {
        const v = take();
        if (isError(v)) return v;
        opts.contexts.push(v);
        break;
      }
      case '--all-contexts':
        opts.allContexts = true;
        break;
      case '-n':
      case '--namespace': {
        const v = take();
        if (isError(v)) return v;
        opts.namespace = v;
        break;
      }
      case '-o':
      case '--output': {
        const v = take();
        if (isError(v)) return v;
        if (!(OUTPUTS as readonly string[]).includes(v)) {
          return { usageError: `unknown output format ${JSON.stringify(v)}`, hint: 'use --output text, markdown or json' };
        }
        opts.output = v as OutputFormat;
        break;
      }
      case '--snapshot': {
        const v = take();
        if (isError(v)) return v;
        opts.snapshot = v;
        break;
      }
      case '--record': {
        const v = take();
        if (isError(v)) return v;
        opts.record = v;
        break;
      }
      case '--timeout': {
        const v = take();
        if (isError(v)) return v;
        const n = Number(v);
        if (!Number.isFinite(n) || n <= 0 || n > 3600) {
          return { usageError: `invalid --timeout ${JSON.stringify(v)}`, hint: 'give a number of seconds between 1 and 3600, e.g. --timeout 30' };
        }
        opts.timeoutSeconds = n;
        break;
      }
      case '--no-probe-ui':
        opts.probeUi = false;
        break;
      case '--no-color':
        opts.noColor = true;
        break;
      default:
        return unknown(arg);
    }
  }
  if (opts.snapshot !== undefined && (opts.contexts.length > 0 || opts.allContexts || opts.record !== undefined)) {
    return { usageError: '--snapshot cannot be combined with --context, --all-contexts or --record', hint: 'a snapshot is one recorded cluster; validate it alone' };
  }
  if (opts.allContexts && opts.contexts.length > 0) {
    return { usageError: '--all-contexts cannot be combined with --context', hint: 'use either --all-contexts or one --context per cluster' };
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
