// Errors that end a run with one line and a documented exit code, never a stack trace.

export class UserError extends Error {
  constructor(
    message: string,
    readonly hint: string,
    readonly exitCode: number,
  ) {
    super(message);
    this.name = 'UserError';
  }
  line(): string {
    return `${this.message} (${this.hint})`;
  }
}

/**
 * True for a UserError from any copy of this module: live access is bundled and loaded on its own
 * (build/bundle.ts), so its UserError class is not the entry point's and `instanceof` alone misses it.
 */
export function isUserError(err: unknown): err is UserError {
  if (err instanceof UserError) return true;
  if (!(err instanceof Error) || err.name !== 'UserError') return false;
  const e = err as Error & { hint?: unknown; exitCode?: unknown; line?: unknown };
  return typeof e.hint === 'string' && typeof e.exitCode === 'number' && typeof e.line === 'function';
}

/** Bad usage or unreadable input: exit 2. */
export function inputError(message: string, hint: string): UserError {
  return new UserError(message, hint, 2);
}

export function describeUnexpected(err: unknown): string {
  const msg = err instanceof Error ? err.message : String(err);
  return `internal error: ${msg.split('\n')[0]} (please report it with the command you ran)`;
}

/**
 * What is wrong with a file that did not parse, without a byte of its content: JSON.parse quotes the start
 * of the text (`Unexpected token 'g', "ghp_abc..." is not valid JSON`) and js-yaml prints the offending lines
 * and quotes aliases and tags, any of which can be a credential. Only the kind of error and where it is survive.
 */
export function parseProblem(err: unknown): string {
  const e = err as { reason?: unknown; mark?: { line?: unknown; column?: unknown } } | null;
  if (err instanceof Error && typeof e?.reason === 'string') {
    const where = typeof e.mark?.line === 'number' && typeof e.mark.column === 'number' ? ` at line ${e.mark.line + 1}, column ${e.mark.column + 1}` : '';
    return `${withoutQuotes(e.reason)}${where}`;
  }
  const first = err instanceof Error ? (err.message.split('\n')[0] ?? '') : '';
  if (err instanceof SyntaxError) {
    const pos = /\bat position (\d+)/.exec(first) ?? /\(line (\d+) column (\d+)\)/.exec(first);
    const where = pos ? (pos[2] !== undefined ? ` at line ${pos[1]}, column ${pos[2]}` : ` at character ${pos[1]}`) : '';
    return `${/end of (JSON )?input|Unterminated/i.test(first) ? 'unexpected end of input' : 'invalid syntax'}${where}`;
  }
  return withoutQuotes(first) || 'unreadable';
}

/** Drops quoted text (`"..."`, `'...'`), YAML tags (`!<...>`, `!name`) and aliases (`*name`): they come from the file. */
function withoutQuotes(text: string): string {
  return text
    .replace(/"(?:[^"\\]|\\.)*"(?:\.\.\.)?/g, '"…"')
    .replace(/'(?:[^'\\]|\\.)*'/g, "'…'")
    .replace(/(^|\s)[!*&][^\s,]+/g, '$1…');
}
