import type { Check } from './check.js';

export const sourcesCheck: Check = {
  id: 'sources',
  title: 'Sources',
  needs: ['gitRepositories', 'ociRepositories', 'helmRepositories', 'helmCharts', 'buckets'],
  reasons: [],
  run() {
    return { findings: [], skipped: 'not implemented yet' };
  },
};
