import type { Check } from './check.js';

export const kustomizationsCheck: Check = {
  id: 'kustomizations',
  title: 'Kustomizations',
  needs: ['kustomizations', 'gitRepositories', 'ociRepositories', 'buckets'],
  run() {
    return { findings: [], skipped: 'not implemented yet' };
  },
};
