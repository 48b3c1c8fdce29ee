import type { Check } from './check.js';

export const eventsCheck: Check = {
  id: 'events',
  title: 'Recent warning events',
  needs: ['warningEvents'],
  run() {
    return { findings: [], skipped: 'not implemented yet' };
  },
};
