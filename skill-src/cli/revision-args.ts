// `validate.sh revision [REV] [--wait] [options]`: pure, like args.ts. REV and --wait are taken out here;
// the options shared with the main command go through its parser, so they are checked the same way.
import type { OutputFormat, ParsedArgs, UsageError, ValidateOptions } from './args.js';
import { isRevProblem, parseRev, type Rev } from '../revision/parse.js';

/** The main command's default --timeout, i.e. the bound of one read (args.ts's DEFAULT_TIMEOUT_SECONDS, repeated to keep the modules apart). */
const DEFAULT_TIMEOUT_SECONDS = 20;

/** With --wait and no --timeout: how long to wait for REV, in seconds. */
export const DEFAULT_WAIT_SECONDS = 300;

export interface RevisionOptions {
  command: 'revision';
  /** Absent: the newest revision any source holds. */
  rev?: Rev;
  wait: boolean;
  /** The shared options (--kubeconfig, --context, --all-contexts, --namespace, --output, --snapshot, --timeout, --no-color). */
  base: ValidateOptions;
  /** Without --wait: the bound of the one read; with --wait: how long to wait (default DEFAULT_WAIT_SECONDS). */
  timeoutSeconds: number;
  output: OutputFormat;
}

/** Options of the main command that mean nothing here (--no-probe-ui is accepted: the UI is never probed here anyway). */
const REFUSED = new Set(['--record', '--force']);

function flagOf(arg: string): string {
  const eq = arg.indexOf('=');
  return eq > 2 && arg.startsWith('--') ? arg.slice(0, eq) : arg;
}

/** `parseMain` and `valueFlags` come from args.ts (passed in, so the two modules do not import each other). */
export function parseRevisionArgs(argv: readonly string[], parseMain: (argv: readonly string[]) => ParsedArgs | UsageError, valueFlags: readonly string[]): ParsedArgs | UsageError {
  const rest: string[] = [];
  const positional: string[] = [];
  let wait = false;
  let timeoutGiven = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    const flag = flagOf(arg);
    if (flag === '--wait' && flag === arg) {
      wait = true;
      continue;
    }
    if (REFUSED.has(flag)) return { usageError: `${flag} does not apply to validate.sh revision`, hint: 'run validate.sh revision --help for its options' };
    if (flag === '--timeout') timeoutGiven = true;
    if (!arg.startsWith('-') || arg === '-') {
      positional.push(arg);
      continue;
    }
    rest.push(arg);
    // A value flag's value is the next word (unless given inline): never REV.
    if (valueFlags.includes(flag) && flag === arg && i + 1 < argv.length) rest.push(argv[++i] ?? '');
  }
  if (positional.length > 1) return { usageError: `validate.sh revision takes one REV, got ${positional.length}`, hint: 'give one commit, tag or digest, e.g. validate.sh revision 3f2a9c1' };
  const parsed = parseMain(rest);
  if ('usageError' in parsed) return parsed;
  if (parsed.command !== 'validate') return parsed;
  let rev: Rev | undefined;
  const [text] = positional;
  if (text !== undefined) {
    const r = parseRev(text);
    if (isRevProblem(r)) return { usageError: `invalid REV: ${r.problem}`, hint: r.hint };
    rev = r;
  }
  const timeoutSeconds = wait && !timeoutGiven ? DEFAULT_WAIT_SECONDS : parsed.timeoutSeconds;
  // With --wait, --timeout bounds the wait; each read keeps the validator's own bound (a snapshot read too).
  const readSeconds = wait ? DEFAULT_TIMEOUT_SECONDS : timeoutSeconds;
  const out: RevisionOptions = { command: 'revision', wait, base: { ...parsed, probeUi: false, timeoutSeconds: readSeconds }, timeoutSeconds, output: parsed.output };
  if (rev) out.rev = rev;
  return out;
}
