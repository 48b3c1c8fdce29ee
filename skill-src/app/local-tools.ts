// Looks for the Flux Operator CLI and MCP server on this machine (PATH), with their versions.
// `flux-operator version --client` prints `client: <version>` without contacting a cluster;
// `flux-operator-mcp --version` prints `flux-operator-mcp version <version>` (cobra's version flag).
import { execa } from 'execa';
import type { LocalTool } from '../cluster/state.js';
import { findOnPath } from './executables.js';

const TOOLS: { name: LocalTool['name']; args: string[] }[] = [
  { name: 'flux-operator', args: ['version', '--client'] },
  { name: 'flux-operator-mcp', args: ['--version'] },
];

/** First semver-looking token of the output, e.g. v0.33.0 or 0.33.0. */
export function parseVersion(output: string): string | undefined {
  return /\bv?\d+\.\d+\.\d+(?:[-+][0-9A-Za-z.-]+)?\b/.exec(output)?.[0];
}

async function detect(name: LocalTool['name'], args: string[], env: NodeJS.ProcessEnv, timeoutMs: number): Promise<LocalTool> {
  const found = findOnPath(name, env);
  if (!found) return { name };
  try {
    const r = await execa(found, args, { timeout: timeoutMs, reject: false, env, extendEnv: false, stdin: 'ignore' });
    if (r.timedOut) return { name, path: found, error: `\`${name} ${args.join(' ')}\` did not finish within ${timeoutMs} ms` };
    const version = parseVersion(`${String(r.stdout)}\n${String(r.stderr)}`);
    return version ? { name, path: found, version } : { name, path: found, error: `\`${name} ${args.join(' ')}\` printed no version (exit ${r.exitCode ?? 'unknown'})` };
  } catch (err) {
    return { name, path: found, error: err instanceof Error ? (err.message.split('\n')[0] ?? 'failed') : String(err) };
  }
}

export async function detectLocalTools(env: NodeJS.ProcessEnv, timeoutMs: number): Promise<LocalTool[]> {
  return Promise.all(TOOLS.map(({ name, args }) => detect(name, args, env, timeoutMs)));
}
