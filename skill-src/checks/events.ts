import type { Check } from './check.js';

export const eventsCheck: Check = {
  id: 'events',
  title: 'Recent warning events',
  needs: ['warningEvents'],
  reasons: [],
  run() {
    return { findings: [], skipped: 'not implemented yet' };
  },
};
