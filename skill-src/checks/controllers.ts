import type { Check } from './check.js';

export const controllersCheck: Check = {
  id: 'controllers',
  title: 'Flux controllers',
  needs: ['controllerDeployments', 'controllerPods', 'fluxInstances'],
  reasons: [],
  run() {
    return { findings: [], skipped: 'not implemented yet' };
  },
};
