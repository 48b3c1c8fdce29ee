// Generated artifacts (source-watcher): an ArtifactGenerator composes sources into ExternalArtifacts.
// A generator failing to fetch a source names that source as the root cause; an ExternalArtifact that is
// not ready names its failing generator (both edges are declared in graph/edges.ts).
import { familyCheck } from '../family.js';

export const artifactsCheck = familyCheck({
  id: 'artifacts',
  title: 'Generated artifacts',
  family: 'artifacts',
  extraNeeds: ['gitRepositories', 'ociRepositories', 'buckets', 'helmCharts'],
  optional: 'the ArtifactGenerator and ExternalArtifact CRDs are not installed',
});
