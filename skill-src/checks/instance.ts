import type { Check } from './check.js';

export const instanceCheck: Check = {
  id: 'instance',
  title: 'FluxInstance and FluxReport',
  needs: ['fluxInstances', 'fluxReports', 'controllerDeployments'],
  reasons: [],
  run() {
    return { findings: [], skipped: 'not implemented yet' };
  },
};
