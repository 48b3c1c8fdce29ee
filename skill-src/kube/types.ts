// Kubernetes objects as they arrive from the API or a recording: every field may be missing or mistyped,
// so readers in fields.ts validate before use.

export interface ObjectMeta {
  name?: unknown;
  namespace?: unknown;
  labels?: unknown;
  annotations?: unknown;
  generation?: unknown;
  creationTimestamp?: unknown;
  [key: string]: unknown;
}

export interface KubeObject {
  apiVersion?: unknown;
  kind?: unknown;
  metadata?: ObjectMeta;
  spec?: unknown;
  status?: unknown;
  [key: string]: unknown;
}

export interface Condition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  reason: string;
  message: string;
  observedGeneration?: number;
  lastTransitionTime?: string;
}
