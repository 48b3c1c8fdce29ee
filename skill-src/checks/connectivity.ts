import type { Check } from './check.js';

export const connectivityCheck: Check = {
  id: 'connectivity',
  title: 'Cluster connectivity',
  needs: [],
  reasons: [],
  run() {
    return { findings: [], skipped: 'not implemented yet' };
  },
};
