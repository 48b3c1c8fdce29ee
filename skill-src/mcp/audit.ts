// Pure audit of an existing MCP client configuration: finds the flux-operator-mcp entries in any of the
// documented shapes and lists what would make the server unsafe or unable to start. File-system facts
// come in through AuditProbe so the rules stay testable without a machine to inspect.
import { boolFlag, flagArgs, isServerCommand } from './server.js';
import { unwrap } from './wrappers.js';

export interface ServerEntry {
  /** Where the entry sits in the file, e.g. `servers.flux-operator-mcp`. */
  location: string;
  command: string;
  args: string[];
  env: Record<string, string>;
  /** Set when the entry starts the server through a wrapper the audit cannot follow: why. */
  opaque?: string;
}

export type ProblemId =
  | 'no-server'
  | 'serve-missing'
  | 'read-write'
  | 'read-only-invalid'
  | 'kubeconfig-unset'
  | 'kubeconfig-relative'
  | 'kubeconfig-missing'
  | 'kubeconfig-unresolved'
  | 'binary-missing'
  | 'binary-relative'
  | 'binary-unresolved'
  | 'secrets-unmasked'
  | 'wrapper-opaque';

export interface Problem {
  id: ProblemId;
  /** The entry's location, or the file itself for `no-server`. */
  location: string;
  problem: string;
  fix: string;
}

export interface AuditProbe {
  /** Client variables (`userHome`, `env:NAME`, `workspaceFolder`) known on this machine. */
  variables: Readonly<Record<string, string>>;
  /** Separator of a KUBECONFIG list on this platform. */
  pathDelimiter: string;
  isAbsolute(p: string): boolean;
  fileExists(absPath: string): boolean;
  /** An absolute path to an executable file, or a bare name found on PATH. */
  commandExists(command: string): boolean;
  /** The client's own environment, for variables an entry forwards by name (Codex `env_vars`). */
  forwarded?: Readonly<Record<string, string | undefined>>;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const IDENT = /^[A-Za-z_][A-Za-z0-9_-]*$/;

function childLocation(parent: string, key: string): string {
  const part = IDENT.test(key) ? key : JSON.stringify(key);
  return parent === '' ? part : `${parent}.${part}`;
}

/**
 * Every object whose `command` runs flux-operator-mcp, wherever it is nested: this covers VS Code
 * (`servers`, or `mcp.servers` in settings.json), Claude Desktop and Claude Code (`mcpServers`, also per
 * project in ~/.claude.json).
 */
export function findServerEntries(config: unknown, location = '', forwarded: Readonly<Record<string, string | undefined>> = {}): ServerEntry[] {
  if (Array.isArray(config)) return config.flatMap((v, i) => findServerEntries(v, `${location}[${i}]`, forwarded));
  if (!isRecord(config)) return [];
  const command = config.command;
  if (typeof command === 'string') {
    const args = Array.isArray(config.args) ? config.args.filter((a): a is string => typeof a === 'string') : [];
    const found = unwrap(command, args);
    if (found && config.enabled !== false) {
      const where = location || '(top level)';
      if ('opaque' in found) return [{ location: where, command, args, env: {}, opaque: found.opaque }];
      const inv = found.ok;
      let env: Record<string, string> = {};
      if (isRecord(config.env) && !inv.clearedEnv) {
        for (const [k, v] of Object.entries(config.env)) if (typeof v === 'string') env[k] = v;
      }
      // Codex forwards the variables named in env_vars from its own environment.
      if (Array.isArray(config.env_vars) && !inv.clearedEnv) {
        for (const name of config.env_vars) if (typeof name === 'string' && forwarded[name] !== undefined) env[name] = forwarded[name] ?? '';
      }
      for (const [k, v] of Object.entries(inv.env)) {
        if (v === null) delete env[k];
        else env[k] = v;
      }
      if (inv.clearedEnv) env = Object.fromEntries(Object.entries(inv.env).filter((e): e is [string, string] => e[1] !== null));
      return [{ location: where, command: inv.command, args: inv.args, env }];
    }
    if (isServerCommand(command)) return [];
  }
  return Object.entries(config).flatMap(([k, v]) => findServerEntries(v, childLocation(location, k), forwarded));
}

/** Replaces `${name}` client variables; returns the first unknown variable's name when one is left. */
export function expandVariables(value: string, variables: Readonly<Record<string, string>>): { value: string } | { unknown: string } {
  let unknownName: string | undefined;
  const out = value.replace(/\$\{([^}]+)\}/g, (whole, name: string) => {
    const v = variables[name];
    if (v === undefined) {
      unknownName ??= name;
      return whole;
    }
    return v;
  });
  return unknownName === undefined ? { value: out } : { unknown: unknownName };
}

const PRINT_CONFIG = 'print a complete entry with: bash scripts/validate.sh mcp-config --client CLIENT';

function auditArgs(e: ServerEntry): Omit<Problem, 'location'>[] {
  const out: Omit<Problem, 'location'>[] = [];
  if (!flagArgs(e.args).includes('serve')) {
    out.push({ id: 'serve-missing', problem: 'args lack the "serve" subcommand, so the server never starts', fix: 'set "args": ["serve", "--read-only=true"]' });
  }
  const ro = boolFlag(e.args, 'read-only');
  if (ro === 'invalid') {
    out.push({ id: 'read-only-invalid', problem: 'the --read-only value is not a boolean, so the server refuses to start', fix: 'use --read-only=true' });
  } else if (ro !== true) {
    const why = ro === false ? '--read-only=false registers the write tools' : 'no --read-only flag: the server defaults to read-write and registers the write tools';
    out.push({ id: 'read-write', problem: `${why} (reconcile, suspend, resume, apply, delete)`, fix: 'add "--read-only=true" to args; use read-write only on a development cluster, on purpose' });
  }
  const mask = boolFlag(e.args, 'mask-secrets');
  if (mask === false || mask === 'invalid') {
    out.push({ id: 'secrets-unmasked', problem: '--mask-secrets is turned off, so Secret values would reach the model', fix: 'remove the --mask-secrets flag (masking is on by default)' });
  }
  return out;
}

function auditKubeconfig(e: ServerEntry, probe: AuditProbe): Omit<Problem, 'location'>[] {
  const raw = e.env.KUBECONFIG;
  if (raw === undefined || raw.trim() === '') {
    return [
      {
        id: 'kubeconfig-unset',
        problem: 'env.KUBECONFIG is not set: the server refuses to start without it, even with --kubeconfig',
        fix: `add "env": {"KUBECONFIG": "/absolute/path/to/kubeconfig"}; ${PRINT_CONFIG}`,
      },
    ];
  }
  const expanded = expandVariables(raw, probe.variables);
  if ('unknown' in expanded) {
    return [{ id: 'kubeconfig-unresolved', problem: `KUBECONFIG uses \${${expanded.unknown}}, which cannot be resolved here`, fix: 'write the absolute path of the kubeconfig file' }];
  }
  const out: Omit<Problem, 'location'>[] = [];
  for (const file of expanded.value.split(probe.pathDelimiter).filter((f) => f.length > 0)) {
    if (!probe.isAbsolute(file)) {
      out.push({ id: 'kubeconfig-relative', problem: `KUBECONFIG ${file} is a relative path; the client starts the server from an unspecified folder`, fix: 'write the absolute path of the kubeconfig file' });
    } else if (!probe.fileExists(file)) {
      out.push({ id: 'kubeconfig-missing', problem: `KUBECONFIG ${file} does not exist`, fix: `point KUBECONFIG at an existing kubeconfig file; ${PRINT_CONFIG}` });
    }
  }
  return out;
}

function auditBinary(e: ServerEntry, probe: AuditProbe): Omit<Problem, 'location'>[] {
  const expanded = expandVariables(e.command, probe.variables);
  if ('unknown' in expanded) {
    return [{ id: 'binary-unresolved', problem: `command uses \${${expanded.unknown}}, which cannot be resolved here`, fix: 'write the absolute path of flux-operator-mcp (see: command -v flux-operator-mcp)' }];
  }
  const cmd = expanded.value;
  const hasSlash = /[\\/]/.test(cmd);
  if (hasSlash && !probe.isAbsolute(cmd)) {
    return [{ id: 'binary-relative', problem: `command ${cmd} is a relative path`, fix: 'write the absolute path of flux-operator-mcp (see: command -v flux-operator-mcp)' }];
  }
  if (!probe.commandExists(cmd)) {
    const where = hasSlash ? `${cmd} does not exist or is not executable` : `${cmd} is not on PATH`;
    return [{ id: 'binary-missing', problem: `${where}, so the client cannot start the server`, fix: 'install it (brew install controlplaneio-fluxcd/tap/flux-operator-mcp) and write its absolute path as command' }];
  }
  return [];
}

export function auditEntry(e: ServerEntry, probe: AuditProbe): Problem[] {
  if (e.opaque !== undefined) {
    return [{ id: 'wrapper-opaque', location: e.location, problem: `the server is started through ${e.command}, which the audit cannot follow (${e.opaque}), so read-only cannot be confirmed`, fix: 'start flux-operator-mcp directly: set command to its absolute path and args to ["serve", "--read-only=true"]' }];
  }
  return [...auditArgs(e), ...auditKubeconfig(e, probe), ...auditBinary(e, probe)].map((p) => ({ ...p, location: e.location }));
}

/** All problems of a parsed client configuration; an empty list means it is safe and should start. */
export function auditConfig(config: unknown, probe: AuditProbe): { entries: ServerEntry[]; problems: Problem[] } {
  const entries = findServerEntries(config, '', probe.forwarded ?? {});
  if (entries.length === 0) {
    return {
      entries,
      problems: [{ id: 'no-server', location: '(file)', problem: 'no server entry runs flux-operator-mcp', fix: PRINT_CONFIG }],
    };
  }
  return { entries, problems: entries.flatMap((e) => auditEntry(e, probe)) };
}
