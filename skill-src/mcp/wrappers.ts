// An MCP entry may start the server through a wrapper: `env VAR=x flux-operator-mcp ...`, `sh -c "..."`,
// `bash -lc "..."`. The audit looks through them to the command that really runs, with the environment the
// wrapper sets; what it cannot follow (pipes, substitutions, scripts) is reported, never guessed.
import { isServerCommand } from './server.js';

export interface Invocation {
  command: string;
  args: string[];
  /** Variables the wrappers set (a string) or unset (null) on top of the entry's env. */
  env: Record<string, string | null>;
  /** True when a wrapper (`env -i`) started from an empty environment: the entry's own env is dropped. */
  clearedEnv: boolean;
}

export type Unwrapped = { ok: Invocation } | { opaque: string } | undefined;

const SHELLS = new Set(['sh', 'bash', 'dash', 'zsh', 'ksh', 'ash']);
const MAX_WRAPPERS = 4;

const base = (command: string): string => (command.split(/[\\/]/).pop() ?? command).toLowerCase();

/** POSIX shell words of a simple command; undefined when the text uses anything but words and quotes. */
export function shellWords(text: string): string[] | undefined {
  const words: string[] = [];
  let cur = '';
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] ?? '';
    if (c === "'") {
      const end = text.indexOf("'", i + 1);
      if (end < 0) return undefined;
      cur += text.slice(i + 1, end);
      i = end;
      inWord = true;
    } else if (c === '"') {
      let j = i + 1;
      for (; j < text.length && text[j] !== '"'; j++) {
        const d = text[j] ?? '';
        if (d === '$' || d === '`') return undefined;
        if (d === '\\' && j + 1 < text.length && '"\\$`\n'.includes(text[j + 1] ?? '')) cur += text[++j] ?? '';
        else cur += d;
      }
      if (j >= text.length) return undefined;
      i = j;
      inWord = true;
    } else if (c === '\\') {
      if (i + 1 >= text.length) return undefined;
      cur += text[++i] ?? '';
      inWord = true;
    } else if (c === ' ' || c === '\t' || c === '\n') {
      if (inWord) words.push(cur);
      cur = '';
      inWord = false;
    } else if (/[;&|<>()$`*?[\]{}~#!]/.test(c)) {
      // Operators, substitutions, globs, comments: not a simple command.
      return undefined;
    } else {
      cur += c;
      inWord = true;
    }
  }
  if (inWord) words.push(cur);
  return words;
}

const ASSIGNMENT = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s;

/** `VAR=x VAR2=y cmd args` -> env and the rest. */
function leadingAssignments(words: string[]): { env: Record<string, string>; rest: string[] } {
  const env: Record<string, string> = {};
  let i = 0;
  for (; i < words.length; i++) {
    const m = ASSIGNMENT.exec(words[i] ?? '');
    if (!m) break;
    env[m[1] ?? ''] = m[2] ?? '';
  }
  return { env, rest: words.slice(i) };
}

function unwrapEnv(args: string[], inv: Invocation): Invocation | string {
  let i = 0;
  for (; i < args.length; i++) {
    const a = args[i] ?? '';
    if (a === '-i' || a === '--ignore-environment' || a === '-') {
      inv.clearedEnv = true;
      inv.env = {};
    } else if (a === '-u' || a === '--unset') {
      inv.env[args[++i] ?? ''] = null;
    } else if (a.startsWith('--unset=')) {
      inv.env[a.slice('--unset='.length)] = null;
    } else if (a === '--') {
      i++;
      break;
    } else if (a.startsWith('-')) {
      return `env option ${a} is not followed by the audit`;
    } else break;
  }
  const { env, rest } = leadingAssignments(args.slice(i));
  Object.assign(inv.env, env);
  const [command, ...more] = rest;
  if (command === undefined) return 'env runs no command';
  return { ...inv, command, args: more };
}

function unwrapShell(args: string[], inv: Invocation): Invocation | string | undefined {
  let script: string | undefined;
  let wantsScript = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i] ?? '';
    if (wantsScript) {
      script = a;
      break;
    }
    if (a === '-o' || a === '+o' || a === '--rcfile' || a === '--init-file') i++;
    else if (/^-[A-Za-z]+$/.test(a)) wantsScript = a.includes('c');
    else if (a.startsWith('--') || /^\+[A-Za-z]+$/.test(a)) continue;
    else return undefined; // a script file: not followed
  }
  if (script === undefined) return undefined;
  const words = shellWords(script.trim());
  if (!words) return script.includes('flux-operator-mcp') ? 'the shell command uses operators, substitutions or expansions' : undefined;
  const { env, rest } = leadingAssignments(words[0] === 'exec' ? words.slice(1) : words);
  const [first, ...more] = rest[0] === 'exec' ? rest.slice(1) : rest;
  if (first === undefined) return undefined;
  return { ...inv, env: { ...inv.env, ...env }, command: first, args: more };
}

/**
 * The server invocation behind `command args`, through up to MAX_WRAPPERS wrappers; `{opaque}` when a
 * wrapper mentions the server but cannot be followed; undefined when the entry does not run the server.
 */
export function unwrap(command: string, args: readonly string[]): Unwrapped {
  let inv: Invocation = { command, args: [...args], env: {}, clearedEnv: false };
  for (let depth = 0; depth <= MAX_WRAPPERS; depth++) {
    if (isServerCommand(inv.command)) return { ok: inv };
    const name = base(inv.command);
    let next: Invocation | string | undefined;
    if (name === 'env') next = unwrapEnv(inv.args, { ...inv, env: { ...inv.env } });
    else if (SHELLS.has(name)) next = unwrapShell(inv.args, inv);
    else return undefined;
    if (next === undefined) return inv.args.some((a) => a.includes('flux-operator-mcp')) ? { opaque: `${name} runs a script the audit does not read` } : undefined;
    if (typeof next === 'string') return inv.args.some((a) => a.includes('flux-operator-mcp')) ? { opaque: next } : undefined;
    inv = next;
  }
  return { opaque: `more than ${MAX_WRAPPERS} nested wrappers` };
}
