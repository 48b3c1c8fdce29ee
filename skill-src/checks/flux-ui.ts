import type { Check } from './check.js';

export const fluxUiCheck: Check = {
  id: 'flux-ui',
  title: 'Flux UI',
  needs: ['operatorServices', 'operatorEndpointSlices', 'operatorPods'],
  reasons: [],
  run() {
    return { findings: [], skipped: 'not implemented yet' };
  },
};
