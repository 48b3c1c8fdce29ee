// Kinds outside the Flux table (checks/flux-status.ts) that next steps may name, with the resource name
// kubectl accepts for each. Shared by next-step.ts and the allowed-commands templates.
export const OTHER_KINDS: Readonly<Record<string, string>> = {
  FluxInstance: 'fluxinstance',
  FluxReport: 'fluxreport',
  ResourceSet: 'resourceset',
  ResourceSetInputProvider: 'resourcesetinputprovider',
  Pod: 'pod',
  Deployment: 'deployment',
  ReplicaSet: 'replicaset',
  Service: 'service',
};

export const OTHER_KIND_NAMES: readonly string[] = Object.values(OTHER_KINDS);
