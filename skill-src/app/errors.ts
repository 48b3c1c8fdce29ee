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
