// Kubeconfig resolution as kubectl does it: --kubeconfig, else $KUBECONFIG (colon-separated, merged),
// else ~/.kube/config. Problems are usage errors (exit 2) with one line and a hint.
import { KubeConfig } from '@kubernetes/client-node/dist/config.js';
import { inputError, parseProblem } from '../app/errors.js';
import { kubeconfigFiles } from './kubeconfig-files.js';

export { kubeconfigFiles };

export interface LoadedKubeConfig {
  kc: KubeConfig;
  /** The files that were merged, in order. */
  files: string[];
}

export function loadKubeConfig(flag: string | undefined, env: NodeJS.ProcessEnv): LoadedKubeConfig {
  const files = kubeconfigFiles(flag, env);
  let merged: KubeConfig | undefined;
  for (const file of files) {
    const kc = new KubeConfig();
    try {
      kc.loadFromFile(file);
    } catch (err) {
      throw inputError(`kubeconfig ${file} is not valid: ${parseProblem(err)}`, 'check the file with kubectl config view');
    }
    if (!merged) merged = kc;
    else merged.mergeConfig(kc, true);
  }
  if (!merged) throw inputError('no kubeconfig could be loaded', 'pass --kubeconfig PATH');
  return { kc: merged, files };
}

/** Each file that parses, in order (kubectl skips none, but an unreadable extra file must not hide the rest). */
function* parsed(files: readonly string[]): Generator<{ file: string; kc: KubeConfig }> {
  for (const file of files) {
    const kc = new KubeConfig();
    try {
      kc.loadFromFile(file);
    } catch {
      continue;
    }
    yield { file, kc };
  }
}

/**
 * The current context of merged files (the first file that sets one, as kubectl merges them) and the file
 * that defines it: the MCP server reads exactly that one file.
 */
export function currentContextFile(files: readonly string[]): { context?: string; file?: string } {
  let context: string | undefined;
  for (const { kc } of parsed(files)) {
    context = kc.getCurrentContext() || undefined;
    if (context) break;
  }
  if (!context) return {};
  for (const { file, kc } of parsed(files)) if (kc.getContexts().some((c) => c.name === context)) return { context, file };
  return { context };
}
