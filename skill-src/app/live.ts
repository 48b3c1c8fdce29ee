// Live runs: resolve the kubeconfig, validate each requested context concurrently, optionally record.
import type { KubeConfig } from '@kubernetes/client-node/dist/config.js';
import type { ValidateOptions } from '../cli/args.js';
import { collect } from '../cluster/collect.js';
import { HttpTransport } from '../cluster/http-transport.js';
import type { ClusterState } from '../cluster/state.js';
import { TransportError } from '../cluster/transport.js';
import { liveUiProbe } from '../cluster/ui-probe.js';
import { loadKubeConfig } from '../kube/kubeconfig.js';
import { redactUrl } from '../kube/redact.js';
import type { Report } from '../model.js';
import { renderFleet } from '../render/fleet.js';
import { inputError } from './errors.js';
import { detectLocalTools } from './local-tools.js';
import { writeRecording } from './record.js';
import { exitCodeFor, neededInputs, render, reportFor, type RunEnv, type RunResult } from './validate.js';
import { KubeConfig as KubeConfigClass } from '@kubernetes/client-node/dist/config.js';

function contextsToValidate(kc: KubeConfig, opts: ValidateOptions): string[] {
  const known = kc.getContexts().map((c) => c.name);
  if (opts.allContexts) {
    if (known.length === 0) throw inputError('the kubeconfig defines no contexts', 'check it with kubectl config get-contexts');
    return known;
  }
  if (opts.contexts.length > 0) {
    for (const c of opts.contexts) {
      if (!known.includes(c)) throw inputError(`context ${JSON.stringify(c)} is not in the kubeconfig`, `known contexts: ${known.join(', ') || 'none'}`);
    }
    return [...new Set(opts.contexts)];
  }
  const current = kc.getCurrentContext();
  if (!current || !known.includes(current)) throw inputError('the kubeconfig has no current context', 'pass --context NAME or run kubectl config use-context NAME');
  return [current];
}

/** A KubeConfig of its own per context, so concurrent clusters never share mutable state. */
function forContext(kc: KubeConfig, context: string): KubeConfig {
  const copy = new KubeConfigClass();
  copy.loadFromOptions({ clusters: kc.getClusters(), users: kc.getUsers(), contexts: kc.getContexts(), currentContext: context });
  return copy;
}

async function validateContext(kc: KubeConfig, context: string, opts: ValidateOptions, run: RunEnv, deadline: number): Promise<ClusterState> {
  const server = redactUrl(kc.getCurrentCluster()?.server ?? '');
  let transport: HttpTransport;
  try {
    transport = await HttpTransport.create(kc);
  } catch (err) {
    // Credentials that cannot even be prepared (exec plugin failing, unreadable key) are a connection failure.
    const message = err instanceof TransportError || err instanceof Error ? err.message.split('\n')[0] ?? '' : String(err);
    return collect(
      { request: () => Promise.reject(new TransportError('other', `credentials for context ${context} could not be prepared: ${message}`)) },
      { mode: 'live', context, server, namespace: opts.namespace, needs: neededInputs(), deadline, probeUi: false },
    );
  }
  return collect(transport, {
    mode: 'live',
    context,
    server,
    namespace: opts.namespace,
    needs: neededInputs(),
    deadline,
    probeUi: opts.probeUi,
    uiProbe: liveUiProbe(kc),
    progress: run.progress,
  });
}

export async function validateLive(opts: ValidateOptions, run: RunEnv, color: boolean): Promise<RunResult> {
  const deadline = Date.now() + opts.timeoutSeconds * 1000;
  const { kc } = loadKubeConfig(opts.kubeconfig, run.env);
  const contexts = contextsToValidate(kc, opts);
  const toolsPromise = detectLocalTools(run.env, Math.min(5000, opts.timeoutSeconds * 1000));
  const states = await Promise.all(contexts.map((c) => validateContext(forContext(kc, c), c, opts, run, deadline)));
  const localTools = await toolsPromise;
  const reports: Report[] = states.map((s) => reportFor({ ...s, localTools }));
  let stderr = '';
  if (opts.record !== undefined && states[0]) {
    stderr += writeRecording(opts.record, states[0]);
  }
  if (reports.length === 1 && reports[0]) {
    return { stdout: render(reports[0], opts.output, color), stderr, exitCode: exitCodeFor(reports[0]) };
  }
  const exitCode = reports.some((r) => exitCodeFor(r) !== 0) ? 1 : 0;
  return { stdout: renderFleet(reports, opts.output, color), stderr, exitCode };
}
