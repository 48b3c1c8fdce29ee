// Kinds outside the Flux kind table (kinds/table.ts, which names Flux and Flux Operator kinds) that next
// steps may name, with the resource name kubectl accepts for each. Shared by next-step.ts and the
// allowed-commands templates.
export const OTHER_KINDS: Readonly<Record<string, string>> = {
  Pod: 'pod',
  Deployment: 'deployment',
  ReplicaSet: 'replicaset',
  Service: 'service',
};

export const OTHER_KIND_NAMES: readonly string[] = Object.values(OTHER_KINDS);
