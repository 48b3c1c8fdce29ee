// Why a context's credentials could not be prepared, said without copying what the credential helper
// printed: an exec plugin's stderr and stdout can hold tokens (and JSON.parse quotes the start of stdout).

/** The command of an exec credential plugin configured for a kubeconfig user, if any. */
export function execCommand(user: { exec?: unknown; authProvider?: unknown } | null | undefined): string | undefined {
  const direct = asRecord(user?.exec);
  const viaProvider = asRecord(asRecord(asRecord(user?.authProvider)?.config)?.exec);
  const command = (direct ?? viaProvider)?.command;
  return typeof command === 'string' && command.length > 0 ? command : undefined;
}

function asRecord(v: unknown): Record<string, unknown> | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

/** The last path segment: the plugin's own name, never its arguments or environment. */
function programName(command: string): string {
  return command.split(/[\\/]/).pop() || command;
}

function lineCount(text: string): number {
  const t = text.trim();
  return t.length === 0 ? 0 : t.split('\n').length;
}

/**
 * One line for the report. With an exec plugin, its output is summarised (how much there was), never quoted;
 * without one, the first line of the error (a file path or a missing field), which the renderers redact.
 */
export function credentialFailure(err: unknown, command: string | undefined): string {
  const e = err as (Error & { code?: unknown }) | null;
  const message = err instanceof Error ? err.message : String(err);
  if (command === undefined) return message.split('\n')[0] ?? '';
  const name = programName(command);
  const rerun = 'run any kubectl command with this context to see its own message';
  if (e?.code === 'ENOENT') return `the exec credential plugin ${name} was not found (is it installed and on PATH?)`;
  if (e?.code === 'EACCES') return `the exec credential plugin ${name} is not executable`;
  if (err instanceof SyntaxError) return `the exec credential plugin ${name} printed no valid ExecCredential JSON (its output is not shown: it may hold a token; ${rerun})`;
  const lines = lineCount(message);
  const said = lines === 0 ? 'without an error message' : `with ${lines} line${lines === 1 ? '' : 's'} of error output, not shown as it may hold credentials`;
  return `the exec credential plugin ${name} failed ${said}; ${rerun}`;
}
