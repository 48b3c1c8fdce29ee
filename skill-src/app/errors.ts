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

/** Bad usage or unreadable input: exit 2. */
export function inputError(message: string, hint: string): UserError {
  return new UserError(message, hint, 2);
}

export function describeUnexpected(err: unknown): string {
  const msg = err instanceof Error ? err.message : String(err);
  return `internal error: ${msg.split('\n')[0]} (please report it with the command you ran)`;
}
