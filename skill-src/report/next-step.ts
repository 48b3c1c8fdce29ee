// The one place that builds suggested next commands. A next step is data: an argv built only from values
// that pass the Kubernetes name rules for their field (or from our own tables), a reference.md anchor, and
// an optional note in the report's own words. Rendered, a command is a single POSIX-quoted command: no `;`,
// `&&`, `|`, redirection or substitution, and the docs link is never part of it. A value that fails its rule
// yields no command at all, only the docs pointer and a note saying which name is invalid.
import type { NextStep, ResourceRef } from '../model.js';
import { kindInfo } from '../checks/flux/status.js';
import { isAllowedCommand } from './allowed-commands.js';
import { OTHER_KINDS } from './kinds.js';

/** What a finding carries: the structured step and its rendered form (kept for compatibility). */
export interface NextFields {
  next: NextStep;
  hint: string;
}

export type { NextStep };

// ---- Kubernetes name rules (k8s.io/apimachinery validation: IsDNS1123Subdomain, IsDNS1123Label)

const LABEL = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const SUBDOMAIN_RE = new RegExp(`^${LABEL}(\\.${LABEL})*$`);
const LABEL_RE = new RegExp(`^${LABEL}$`);

/** An object name: DNS-1123 subdomain, at most 253 characters. */
export function isObjectName(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= 253 && SUBDOMAIN_RE.test(value);
}

/** A namespace (or container) name: DNS-1123 label, at most 63 characters. */
export function isLabelName(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= 63 && LABEL_RE.test(value);
}

/** The kubectl resource name of a kind from our own table; undefined for any other kind. */
export function cliKind(kind: string): string | undefined {
  return kindInfo(kind)?.cli ?? (Object.hasOwn(OTHER_KINDS, kind) ? OTHER_KINDS[kind] : undefined);
}

// ---- command parts

/** A value checked against its rule; `problem` says which field failed (never quoting the value). */
export interface Part {
  readonly value?: string;
  readonly problem?: string;
}

/** A literal written in this code base: plain characters only, checked so a typo cannot open a shell construct. */
const LITERAL = /^[A-Za-z0-9_@%+=:,./{}[\]'"?()*-]+$/;
const SHELL_META = /[\s;&|$`<>\\!#~]/;
const COMMIT = /^[0-9a-f]{7,64}$/;
const REPO_PATH = /^(?:\.\/)?[A-Za-z0-9_.][A-Za-z0-9_./-]*$|^\.\/?$/;

export const parts = {
  namespace(value: unknown, field = 'namespace'): Part {
    return isLabelName(value) ? { value } : { problem: `the ${field} is not a valid Kubernetes namespace name` };
  },
  name(value: unknown, field = 'name'): Part {
    return isObjectName(value) ? { value } : { problem: `the ${field} is not a valid Kubernetes object name` };
  },
  container(value: unknown): Part {
    return isLabelName(value) ? { value } : { problem: 'the container name is not valid' };
  },
  kind(kind: string): Part {
    const cli = cliKind(kind);
    return cli ? { value: cli } : { problem: 'the kind is not one this report knows' };
  },
  /** `kind/name`, as `kubectl events --for` and `logs` take it. */
  typedName(kind: string, name: unknown): Part {
    const k = parts.kind(kind);
    const n = parts.name(name);
    return k.value !== undefined && n.value !== undefined ? { value: `${k.value}/${n.value}` } : { problem: k.problem ?? n.problem ?? '' };
  },
  /** `OLD..NEW` for git log: both Git commit ids (hex), never anything a shell or git could read as more. */
  commitRange(from: unknown, to: unknown): Part {
    return typeof from === 'string' && typeof to === 'string' && COMMIT.test(from) && COMMIT.test(to) ? { value: `${from}..${to}` } : { problem: 'a revision is not a Git commit id' };
  },
  /** A path inside a repository (a Kustomization's spec.path): plain path characters, never an option. */
  repoPath(value: unknown): Part {
    return typeof value === 'string' && value.length <= 256 && REPO_PATH.test(value) ? { value } : { problem: 'the path is not a plain repository path' };
  },
  /** A literal with a validated object name appended, e.g. `kubernetes.io/service-name=` + NAME. */
  withName(prefix: string, name: unknown, field = 'name'): Part {
    const n = parts.name(name, field);
    return n.value !== undefined ? { value: `${literal(prefix)}${n.value}` } : n;
  },
};

function literal(word: string): string {
  if (!LITERAL.test(word) || SHELL_META.test(word)) throw new Error(`next-step literal ${JSON.stringify(word)} is not a plain word`);
  return word;
}

/** An argv, or why none could be built. */
export type Command = { argv: string[] } | { invalid: string };

/** Builds an argv from literals (code constants) and checked parts; the first failing part wins. */
export function command(...words: (string | Part)[]): Command {
  const argv: string[] = [];
  for (const w of words) {
    if (typeof w === 'string') argv.push(literal(w));
    else if (w.value !== undefined) argv.push(w.value);
    else return { invalid: w.problem ?? 'a name is not valid' };
  }
  return { argv };
}

/** `kubectl [-n NS] ...`: the namespace flag first, then the words. */
export function kubectl(namespace: Part | undefined, ...words: (string | Part)[]): Command {
  return namespace ? command('kubectl', '-n', namespace, ...words) : command('kubectl', ...words);
}

// ---- common commands

/** `kubectl -n NS describe KIND NAME` for any object of a known kind. */
export function describe(ref: ResourceRef): Command {
  return kubectl(ref.namespace !== undefined ? parts.namespace(ref.namespace) : undefined, 'describe', parts.kind(ref.kind), parts.name(ref.name));
}

/** `kubectl -n NS get KIND` (or `-A` without a namespace). */
export function list(kind: string, namespace: string | undefined): Command {
  return namespace !== undefined ? kubectl(parts.namespace(namespace), 'get', parts.kind(kind)) : kubectl(undefined, 'get', parts.kind(kind), '-A');
}

/** `kubectl -n NS events --for KIND/NAME`. */
export function eventsFor(ref: ResourceRef): Command {
  return kubectl(ref.namespace !== undefined ? parts.namespace(ref.namespace) : undefined, 'events', '--for', parts.typedName(ref.kind, ref.name));
}

/** `-n NS` or `-A`, as words for kubectl auth can-i and get. */
export function scope(namespace: string | undefined): (string | Part)[] {
  return namespace !== undefined ? ['-n', parts.namespace(namespace)] : ['-A'];
}

// ---- the step

export function docsFor(reason: string): string {
  return `reference.md#${reason.toLowerCase().replace(/[^a-z0-9-]/g, '')}`;
}

/**
 * The next step for a finding of `reason`: a command (or none), the reason's reference.md section, and an
 * optional note. A command that failed validation, or that is not in the allowed list, becomes a note.
 */
export function step(reason: string, cmd?: Command, note?: string): NextFields {
  const next: NextStep = { docs: docsFor(reason) };
  const notes: string[] = [];
  if (cmd && 'argv' in cmd) {
    if (isAllowedCommand(cmd.argv)) next.argv = cmd.argv;
    else notes.push('no command suggested: it is not in the allowed list');
  } else if (cmd) {
    notes.push(`no command suggested: ${cmd.invalid}`);
  }
  if (note) notes.push(note);
  if (notes.length > 0) next.note = notes.join('; ');
  return { next, hint: renderHint(next) };
}

// ---- rendering

const SAFE_WORD = /^[A-Za-z0-9_@%+=:,./-]+$/;

/** POSIX shell quoting: a plain word as is, anything else in single quotes (`'` written as `'\''`). */
export function shellQuote(word: string): string {
  if (word.length > 0 && SAFE_WORD.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

export function commandLine(argv: readonly string[]): string {
  return argv.map(shellQuote).join(' ');
}

/** The compatibility string: the command line, or the note when there is no command. Never the docs link. */
export function renderHint(next: NextStep): string {
  return next.argv ? commandLine(next.argv) : next.note ?? '';
}

// ---- connection flags

/** What the run was given, to be repeated in every suggested kubectl command. */
export interface ConnectionFlags {
  context?: string;
  kubeconfig?: string;
}

/** Context names come from the user's kubeconfig: any printable text, passed as one quoted word. */
const PRINTABLE = /^[^\u0000-\u001f\u007f-\u009f]+$/u;

/** The step with `--context=` / `--kubeconfig=` appended to a kubectl command; unchanged without flags. */
export function withConnection(fields: NextFields, flags: ConnectionFlags): NextFields {
  const argv = fields.next.argv;
  if (!argv || argv[0] !== 'kubectl' || (flags.context === undefined && flags.kubeconfig === undefined)) return fields;
  const extra: string[] = [];
  for (const [flag, value] of [['--context', flags.context], ['--kubeconfig', flags.kubeconfig]] as const) {
    if (value === undefined) continue;
    if (!PRINTABLE.test(value)) {
      const next: NextStep = { docs: fields.next.docs, note: [`no command suggested: the ${flag.slice(2)} name contains control characters`, fields.next.note].filter(Boolean).join('; ') };
      return { next, hint: renderHint(next) };
    }
    extra.push(`${flag}=${value}`);
  }
  const next: NextStep = { ...fields.next, argv: [...argv, ...extra] };
  return { next, hint: renderHint(next) };
}
