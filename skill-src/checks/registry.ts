// The ordered, explicit list of checks. Order is the report's order; ids are stable.
import type { Check } from './check.js';
import { connectivityCheck } from './connectivity.js';
import { operatorCheck } from './operator.js';
import { instanceCheck } from './instance.js';
import { controllersCheck } from './controllers.js';
import { sourcesCheck } from './sources.js';
import { kustomizationsCheck } from './kustomizations.js';
import { helmreleasesCheck } from './helmreleases.js';
import { resourceSetsCheck } from './families/resourcesets.js';
import { imageAutomationCheck } from './families/image-automation.js';
import { artifactsCheck } from './families/artifacts.js';
import { notificationsCheck } from './families/notifications.js';
import { fluxUiCheck } from './flux-ui.js';
import { eventsCheck } from './events.js';
import { practicesCheck } from './practices.js';
import { localToolsCheck } from './local-tools.js';

export const CHECKS: readonly Check[] = [
  connectivityCheck,
  operatorCheck,
  instanceCheck,
  controllersCheck,
  sourcesCheck,
  kustomizationsCheck,
  helmreleasesCheck,
  resourceSetsCheck,
  imageAutomationCheck,
  artifactsCheck,
  notificationsCheck,
  fluxUiCheck,
  eventsCheck,
  practicesCheck,
  localToolsCheck,
];
