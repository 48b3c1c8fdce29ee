// Generated artifacts (source-watcher): an ArtifactGenerator composes sources into ExternalArtifacts.
// A generator failing to fetch a source names that source as the root cause; an ExternalArtifact that is
// not ready names its failing generator.
import { arr } from '../../kube/fields.js';
import type { ResourceRef } from '../../model.js';
import { familyCheck, readRef, specRef, type Edge } from '../family.js';
import type { FluxNode } from '../../graph/graph.js';

function edges(node: FluxNode): Edge[] {
  if (node.ref.kind === 'ExternalArtifact') {
    const r = specRef(node, 'sourceRef', 'ArtifactGenerator');
    return r ? [{ ref: r, role: 'source' }] : [];
  }
  if (node.ref.kind === 'ArtifactGenerator') {
    const spec = node.obj.spec;
    const sources = spec && typeof spec === 'object' && !Array.isArray(spec) ? arr((spec as Record<string, unknown>).sources) : [];
    return sources
      .map((s) => readRef(s, 'GitRepository', node.ref.namespace))
      .filter((r): r is ResourceRef => r !== undefined)
      .map((ref) => ({ ref, role: 'source' }));
  }
  return [];
}

export const artifactsCheck = familyCheck({
  id: 'artifacts',
  title: 'Generated artifacts',
  family: 'artifacts',
  extraNeeds: ['gitRepositories', 'ociRepositories', 'buckets', 'helmCharts'],
  optional: 'the ArtifactGenerator and ExternalArtifact CRDs are not installed',
  edges,
});
