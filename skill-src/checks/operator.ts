import type { Check } from './check.js';

export const operatorCheck: Check = {
  id: 'operator',
  title: 'Flux Operator deployment',
  needs: ['operatorDeployments', 'operatorPods', 'fluxReports'],
  reasons: [],
  run() {
    return { findings: [], skipped: 'not implemented yet' };
  },
};
