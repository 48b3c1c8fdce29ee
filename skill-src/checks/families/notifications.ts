// Notifications: Receivers (webhooks that trigger reconciliations), and Alerts and Providers in the versions
// that have conditions (v1beta2; v1beta3 objects have none by design). A Receiver that is not Ready drops
// every webhook it gets: an error, though sources still poll at their interval. An Alert whose Provider is
// not ready is not ready either (notification-controller v1beta2 alert_controller.go isProviderReady: "provider
// NS/NAME is not ready"), so a failing Provider is the Alert's root cause.
import { at } from '../../kube/fields.js';
import { isObjectName } from '../../report/next-step.js';
import { familyCheck } from '../family.js';
import type { FluxNode } from '../../graph/graph.js';
import type { FluxHealth } from '../flux/status.js';

/** The webhook token Secret is named, never read: the user checks it exists and has a `token` key. */
function note(node: FluxNode, h: FluxHealth): string | undefined {
  if (h.reason !== 'TokenNotFound') return undefined;
  const secret = at(node.obj, 'spec', 'secretRef', 'name');
  if (!isObjectName(secret)) return 'spec.secretRef.name is not a valid Kubernetes object name: correct it in Git';
  return `ask the user to check, without printing it, that Secret ${secret} exists in the Receiver's namespace and has the key token`;
}

export const notificationsCheck = familyCheck({
  id: 'notifications',
  title: 'Notifications',
  family: 'notification',
  note,
});
