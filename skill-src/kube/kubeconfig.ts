// Kubeconfig resolution as kubectl does it: --kubeconfig, else $KUBECONFIG (colon-separated, merged),
// else ~/.kube/config. Problems are usage errors (exit 2) with one line and a hint.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { KubeConfig } from '@kubernetes/client-node/dist/config.js';
import { inputError } from '../app/errors.js';

export interface LoadedKubeConfig {
  kc: KubeConfig;
  /** The files that were merged, in order. */
  files: string[];
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
  const home = env.HOME ?? os.homedir();
  const def = path.join(home, '.kube', 'config');
  if (!fs.existsSync(def)) throw inputError(`no kubeconfig found (${def} does not exist and KUBECONFIG is not set)`, 'pass --kubeconfig PATH or set KUBECONFIG');
  return [def];
}

export function loadKubeConfig(flag: string | undefined, env: NodeJS.ProcessEnv): LoadedKubeConfig {
  const files = kubeconfigFiles(flag, env);
  let merged: KubeConfig | undefined;
  for (const file of files) {
    const kc = new KubeConfig();
    try {
      kc.loadFromFile(file);
    } catch (err) {
      const why = err instanceof Error ? err.message.split('\n')[0] : String(err);
      throw inputError(`kubeconfig ${file} is not valid: ${why}`, 'check the file with kubectl config view');
    }
    if (!merged) merged = kc;
    else merged.mergeConfig(kc, true);
  }
  if (!merged) throw inputError('no kubeconfig could be loaded', 'pass --kubeconfig PATH');
  return { kc: merged, files };
}

/** The file that defines the given context: the MCP server needs exactly that one file. */
export function fileHoldingContext(files: readonly string[], context: string): string | undefined {
  for (const file of files) {
    const kc = new KubeConfig();
    try {
      kc.loadFromFile(file);
    } catch {
      continue;
    }
    if (kc.getContexts().some((c) => c.name === context)) return file;
  }
  return undefined;
}
