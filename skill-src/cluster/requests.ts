// Every request path the validator builds, in one place: the collector and the UI probe send these, and
// validate.sh --list-requests prints them as templates, so the list cannot drift from what goes on the wire.
import type { InputSpec } from './inputs.js';

export const VERSION_PATH = '/version';
export const DISCOVERY_PATH = '/apis';

/** A Flux group/version's resource list (APIResourceList): which kinds it serves, read per kind's version. */
export function groupVersionPath(group: string, version: string): string {
  return `/apis/${group}/${version}`;
}
export const SSAR_PATH = '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews';
/** The Flux UI's port on the operator pod. */
export const UI_PORT = 9080;
/** What the UI probe asks the UI, through the port-forward. */
export const UI_PATHS = { root: '/', report: '/api/v1/report' } as const;

/**
 * The list path of an input. `namespaceSegment` is inserted as given: the collector passes an encoded
 * namespace, the request list a `{namespace}` placeholder.
 */
export function listPath(spec: InputSpec, version: string, namespaceSegment?: string): string {
  const base = spec.group === '' ? `/api/${version}` : `/apis/${spec.group}/${version}`;
  return namespaceSegment ? `${base}/namespaces/${namespaceSegment}/${spec.resource}` : `${base}/${spec.resource}`;
}

/** The pod port-forward path (client-node's PortForward builds the same one, with ?ports=). */
export function portForwardPath(namespaceSegment: string, podSegment: string): string {
  return `/api/v1/namespaces/${namespaceSegment}/pods/${podSegment}/portforward`;
}
