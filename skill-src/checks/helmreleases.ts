import type { Check } from './check.js';

export const helmreleasesCheck: Check = {
  id: 'helmreleases',
  title: 'HelmReleases',
  needs: ['helmReleases', 'helmCharts', 'helmRepositories', 'ociRepositories'],
  reasons: [],
  run() {
    return { findings: [], skipped: 'not implemented yet' };
  },
};
