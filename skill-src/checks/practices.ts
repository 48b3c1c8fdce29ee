import type { Check } from './check.js';

export const practicesCheck: Check = {
  id: 'practices',
  title: 'GitOps practices',
  needs: ['gitRepositories', 'ociRepositories', 'receivers', 'alerts', 'providers', 'kustomizations'],
  reasons: [],
  run() {
    return { findings: [], skipped: 'not implemented yet' };
  },
};
