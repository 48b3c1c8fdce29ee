// The ordered, explicit list of checks. Order is the report's order; ids are stable.
import type { Check } from './check.js';
import { connectivityCheck } from './platform/connectivity.js';
import { operatorCheck } from './platform/operator.js';
import { instanceCheck } from './platform/instance.js';
import { controllersCheck } from './platform/controllers.js';
import { sourcesCheck } from './families/sources.js';
import { kustomizationsCheck } from './families/kustomizations.js';
import { helmreleasesCheck } from './families/helmreleases.js';
import { resourceSetsCheck } from './families/resourcesets.js';
import { imageAutomationCheck } from './families/image-automation.js';
import { artifactsCheck } from './families/artifacts.js';
import { notificationsCheck } from './families/notifications.js';
import { fluxUiCheck } from './platform/flux-ui.js';
import { eventsCheck } from './overall/events.js';
import { workloadsCheck } from './overall/workloads.js';
import { practicesCheck } from './overall/practices.js';
import { localToolsCheck } from './platform/local-tools.js';

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
  workloadsCheck,
  fluxUiCheck,
  eventsCheck,
  practicesCheck,
  localToolsCheck,
];
