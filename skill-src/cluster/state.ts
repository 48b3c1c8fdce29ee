// ClusterState: everything the checks may look at, collected once, as plain data. Failures of
// individual inputs are data too, so one 403 never stops the other checks.
import type { KubeObject } from '../kube/types.js';
import type { InputId } from './inputs.js';

export type InputErrorCode =
  | 'forbidden' // 403
  | 'unauthorized' // 401
  | 'not-served' // 404: the CRD (or API) is not installed
  | 'timeout'
  | 'unreachable' // refused, DNS, reset
  | 'tls'
  | 'server-error' // 5xx, 429 after retries
  | 'bad-response'; // malformed JSON, unexpected shape

export interface InputError {
  code: InputErrorCode;
  status?: number;
  /** One line naming the cause, safe to print. */
  message: string;
}

export type InputResult =
  | {
      ok: true;
      apiVersion: string;
      items: KubeObject[];
      /** 'namespace' when a cluster-wide list was forbidden and the operator namespace was listed instead. */
      narrowedTo?: string;
      /** For a 'follow' input: namespaces it should have been listed in but was not (past FOLLOW_NAMESPACES). */
      notListedIn?: number;
    }
  | { ok: false; error: InputError };

export interface AccessCheck {
  verb: string;
  group: string;
  resource: string;
  subresource?: string;
  namespace?: string;
  allowed: boolean;
  /** Set when the review itself could not be made. */
  error?: string;
}

export interface ConnectionInfo {
  context: string;
  server: string;
  /** e.g. v1.33.2 */
  version?: string;
  rttMs?: number;
  /** Set when the API server could not be used at all; every input then carries an error too. */
  error?: InputError;
}

/**
 * The connection error after which nothing else can be read (refused, DNS, TLS, 401, timeout); a server
 * error on /version alone does not stop collection.
 */
export function unusableConnection(conn: ConnectionInfo): InputError | undefined {
  const e = conn.error;
  return e && e.code !== 'server-error' ? e : undefined;
}

export type UiProbe =
  | { probed: false; reason: string }
  | {
      probed: true;
      pod?: string;
      /** Status of GET / ; undefined when the request failed (error set). */
      rootStatus?: number;
      reportStatus?: number;
      reportIsJson?: boolean;
      /** Redirect target when the UI answered 3xx (SSO). */
      redirect?: string;
      error?: string;
    };

export interface LocalTool {
  name: 'flux-operator' | 'flux-operator-mcp';
  path?: string;
  version?: string;
  error?: string;
}

export interface ClusterState {
  mode: 'live' | 'snapshot';
  /** The cluster's clock (API server Date header, or the recording time): judges "recent". ISO 8601. */
  now: string;
  connection: ConnectionInfo;
  operatorNamespace: string;
  /** How the operator namespace was chosen. */
  namespaceSource: 'flag' | 'label' | 'default';
  inputs: Partial<Record<InputId, InputResult>>;
  access: AccessCheck[];
  ui: UiProbe;
  /** Undefined in snapshot mode: local tools describe this machine, not the recorded cluster. */
  localTools?: LocalTool[];
}

/**
 * A value derived from a state, computed on first use and shared by every reader of that state (the graph,
 * the workload index): collected state is never mutated, so it never goes stale.
 */
export function perState<T>(build: (state: ClusterState) => T): (state: ClusterState) => T {
  const memo = new WeakMap<ClusterState, T>();
  return (state) => {
    let v = memo.get(state);
    if (v === undefined) {
      v = build(state);
      memo.set(state, v);
    }
    return v;
  };
}
