// Everything that needs client-node or execa: kubeconfig contexts, HTTPS transports, the UI
// port-forward, local tools. The bundle compiles this module only for live runs (see build/bundle.ts),
// so --help, --snapshot and mcp-config never pay for it.
import type { KubeConfig } from '@kubernetes/client-node/dist/config.js';
import { KubeConfig as KubeConfigClass } from '@kubernetes/client-node/dist/config.js';
import { HttpTransport } from '../cluster/http-transport.js';
import type { UiProbe } from '../cluster/state.js';
import { TransportError, type ApiTransport } from '../cluster/transport.js';
import { liveUiProbe } from '../cluster/ui-probe.js';
import { boundExecPlugins } from '../kube/exec-plugins.js';
import { loadKubeConfig } from '../kube/kubeconfig.js';
import { credentialFailure, execCommand } from '../kube/credential-errors.js';
import { redactUrl } from '../kube/redact.js';
import { inputError } from './errors.js';
import { shorten } from '../text/shorten.js';

/** The list of known contexts in an error line stays one readable line, however many the kubeconfig has. */
const KNOWN_CONTEXTS_MAX = 600;

export { detectLocalTools } from './local-tools.js';
export { currentContextFile } from '../kube/kubeconfig.js';

export interface LiveTarget {
  context: string;
  /** Server URL with any credentials removed. */
  server: string;
  transport: ApiTransport;
  uiProbe: (namespace: string, pod: string, signal: AbortSignal) => Promise<UiProbe>;
}

export interface ContextSelection {
  kubeconfig?: string | undefined;
  contexts: readonly string[];
  allContexts: boolean;
}

function contextsToValidate(kc: KubeConfig, sel: ContextSelection): string[] {
  const known = kc.getContexts().map((c) => c.name);
  if (sel.allContexts) {
    if (known.length === 0) throw inputError('the kubeconfig defines no contexts', 'check it with kubectl config get-contexts');
    return known;
  }
  if (sel.contexts.length > 0) {
    for (const c of sel.contexts) {
      if (!known.includes(c)) throw inputError(`context ${JSON.stringify(c)} is not in the kubeconfig`, `known contexts: ${shorten(known.join(', '), KNOWN_CONTEXTS_MAX) || 'none'}`);
    }
    return [...new Set(sel.contexts)];
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

/** A transport whose every request fails: credentials that cannot even be prepared are a connection failure. */
function failingTransport(message: string, code: 'other' | 'plugin-timeout' = 'other'): ApiTransport {
  return { request: () => Promise.reject(new TransportError(code, message)) };
}

/**
 * Resolves the kubeconfig and prepares one target per selected context. Usage problems throw (exit 2).
 * Exec credential plugins run inside `deadline` (epoch ms) and are killed when it passes.
 */
export async function liveTargets(sel: ContextSelection, env: NodeJS.ProcessEnv, deadline = Date.now() + 20_000): Promise<LiveTarget[]> {
  const { kc } = loadKubeConfig(sel.kubeconfig, env);
  const contexts = contextsToValidate(kc, sel);
  return Promise.all(
    contexts.map(async (context): Promise<LiveTarget> => {
      const ckc = forContext(kc, context);
      const plugins = boundExecPlugins(ckc, deadline);
      const server = redactUrl(ckc.getCurrentCluster()?.server ?? '');
      let transport: ApiTransport;
      try {
        transport = await HttpTransport.create(ckc);
      } catch (err) {
        // Plugin output is summarised (credentialFailure), never copied: it may hold the credential itself.
        const why = credentialFailure(err, execCommand(ckc.getCurrentUser()));
        if (plugins.timedOut) transport = failingTransport(`context ${context}`, 'plugin-timeout');
        else if (plugins.overflowed) transport = failingTransport(`the exec credential plugin of context ${context} printed more than a credential and was stopped`);
        else transport = failingTransport(`credentials for context ${context} could not be prepared: ${why}`);
      }
      return { context, server, transport, uiProbe: liveUiProbe(ckc) };
    }),
  );
}
