// Notifications: Receivers (webhooks that trigger reconciliations), and Alerts and Providers in the versions
// that have conditions (v1beta2; v1beta3 objects have none by design). A Receiver that is not Ready drops
// every webhook it gets: an error, though sources still poll at their interval.
import { at, str } from '../../kube/fields.js';
import { familyCheck } from '../family.js';
import type { FluxNode } from '../dependencies.js';
import { describeCommand, type FluxHealth } from '../flux-status.js';

function command(node: FluxNode, h: FluxHealth): string {
  const secret = str(at(node.obj, 'spec', 'secretRef', 'name'));
  // Only the Secret's metadata: TokenNotFound is about whether it exists.
  if (h.reason === 'TokenNotFound' && secret && node.ref.namespace) return `kubectl -n ${node.ref.namespace} get secret ${secret}`;
  return describeCommand(node.ref);
}

export const notificationsCheck = familyCheck({
  id: 'notifications',
  title: 'Notifications',
  family: 'notification',
  command,
});
