// Facts about the Flux MCP server (flux-operator-mcp) that both the config builder and the audit rely on.

export const SERVER_NAME = 'flux-operator-mcp';

/** How to get the binary when it is not on PATH. */
export const INSTALL_HINT =
  'install it with: brew install controlplaneio-fluxcd/tap/flux-operator-mcp (or download a release binary from https://github.com/controlplaneio-fluxcd/flux-operator/releases), then run mcp-config again';

/**
 * `serve` with read-only stated explicitly: the server's own default is read-WRITE, so leaving the flag
 * out would register the reconcile, suspend, apply and delete tools.
 */
export function serveArgs(readOnly: boolean): string[] {
  return ['serve', `--read-only=${readOnly ? 'true' : 'false'}`];
}

/** Values Go's strconv.ParseBool accepts, which is how the server's boolean flags are parsed. */
const TRUE_WORDS = new Set(['1', 't', 'T', 'TRUE', 'true', 'True']);
const FALSE_WORDS = new Set(['0', 'f', 'F', 'FALSE', 'false', 'False']);

/** The arguments the flag parser reads as flags: pflag stops at `--`, after which everything is positional. */
export function flagArgs(args: readonly string[]): readonly string[] {
  const end = args.indexOf('--');
  return end < 0 ? args : args.slice(0, end);
}

/**
 * The effective value of a boolean flag in an argument list, as the server's flag parser sees it:
 * `--flag` alone is true, `--flag=VALUE` parses VALUE, the last occurrence wins, and an unparsable
 * value is reported as `invalid` (the server would refuse to start). `undefined` means absent.
 */
export function boolFlag(args: readonly string[], flag: string): boolean | 'invalid' | undefined {
  let value: boolean | 'invalid' | undefined;
  for (const arg of flagArgs(args)) {
    if (arg === `--${flag}`) value = true;
    else if (arg.startsWith(`--${flag}=`)) {
      const v = arg.slice(flag.length + 3);
      value = TRUE_WORDS.has(v) ? true : FALSE_WORDS.has(v) ? false : 'invalid';
    }
  }
  return value;
}

/** True when a command names the server binary (a bare name or any path to it, `.exe` on Windows). */
export function isServerCommand(command: string): boolean {
  const base = command.split(/[\\/]/).pop() ?? command;
  return base === SERVER_NAME || base.toLowerCase() === `${SERVER_NAME}.exe`;
}
