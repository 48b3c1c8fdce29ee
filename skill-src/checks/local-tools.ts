import type { Check } from './check.js';

export const localToolsCheck: Check = {
  id: 'local-tools',
  title: 'Local tools',
  needs: [],
  reasons: [],
  run() {
    return { findings: [], skipped: 'not implemented yet' };
  },
};
