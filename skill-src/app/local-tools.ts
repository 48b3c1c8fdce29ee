// Looks for the Flux Operator CLI and MCP server on this machine (PATH), with their versions.
import { execa } from 'execa';
import type { LocalTool } from '../cluster/state.js';

const TOOLS: { name: LocalTool['name']; args: string[] }[] = [
  { name: 'flux-operator', args: ['version', '--client'] },
  { name: 'flux-operator-mcp', args: ['--version'] },
];

/** First semver-looking token of the output, e.g. v0.33.0 or 0.33.0. */
export function parseVersion(output: string): string | undefined {
  return /\bv?\d+\.\d+\.\d+(?:[-+][0-9A-Za-z.-]+)?\b/.exec(output)?.[0];
}

async function which(name: string, env: NodeJS.ProcessEnv): Promise<string | undefined> {
  const dirs = (env.PATH ?? '').split(process.platform === 'win32' ? ';' : ':').filter(Boolean);
  const fs = await import('node:fs');
  const path = await import('node:path');
  for (const dir of dirs) {
    const candidate = path.join(dir, name);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      if (fs.statSync(candidate).isFile()) return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

export async function detectLocalTools(env: NodeJS.ProcessEnv, timeoutMs: number): Promise<LocalTool[]> {
  return Promise.all(
    TOOLS.map(async ({ name, args }): Promise<LocalTool> => {
      const path = await which(name, env);
      if (!path) return { name };
      try {
        const r = await execa(path, args, { timeout: timeoutMs, reject: false, env, extendEnv: false, stdin: 'ignore' });
        const version = parseVersion(`${r.stdout}\n${r.stderr}`);
        return version ? { name, path, version } : { name, path, error: `could not read its version (exit ${r.exitCode ?? 'unknown'})` };
      } catch (err) {
        return { name, path, error: err instanceof Error ? err.message.split('\n')[0] ?? 'failed' : String(err) };
      }
    }),
  );
}

export { which };
