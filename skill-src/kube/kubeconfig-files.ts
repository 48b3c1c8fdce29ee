// Which kubeconfig files to read, as kubectl chooses them: --kubeconfig, else $KUBECONFIG (a list,
// merged), else ~/.kube/config. Free of client-node, so mcp-config and --help stay light.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { inputError } from '../app/errors.js';

/** The user's home, as kubectl and the MCP clients see it. */
export function homeDir(env: NodeJS.ProcessEnv): string {
  return env.HOME ?? env.USERPROFILE ?? os.homedir();
}

export function kubeconfigFiles(flag: string | undefined, env: NodeJS.ProcessEnv): string[] {
  if (flag) {
    if (!fs.existsSync(flag)) throw inputError(`kubeconfig ${flag} does not exist`, 'check the --kubeconfig path');
    return [path.resolve(flag)];
  }
  const fromEnv = (env.KUBECONFIG ?? '').split(path.delimiter).filter((p) => p.length > 0);
  if (fromEnv.length > 0) {
    const existing = fromEnv.filter((p) => fs.existsSync(p)).map((p) => path.resolve(p));
    if (existing.length === 0) throw inputError(`none of the KUBECONFIG files exist (${fromEnv.join(path.delimiter)})`, 'fix KUBECONFIG or pass --kubeconfig PATH');
    return existing;
  }
  const home = homeDir(env);
  const def = path.join(home, '.kube', 'config');
  if (!fs.existsSync(def)) throw inputError(`no kubeconfig found (${def} does not exist and KUBECONFIG is not set)`, 'pass --kubeconfig PATH or set KUBECONFIG');
  return [def];
}

