import type { Check } from './check.js';

export const kustomizationsCheck: Check = {
  id: 'kustomizations',
  title: 'Kustomizations',
  needs: ['kustomizations', 'gitRepositories', 'ociRepositories', 'buckets'],
  reasons: [],
  run() {
    return { findings: [], skipped: 'not implemented yet' };
  },
};
