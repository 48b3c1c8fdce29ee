// Image automation: ImageRepository scans, ImagePolicy picks a tag from its ImageRepository, and
// ImageUpdateAutomation pushes the change through its GitRepository. A policy waiting on a failing
// repository, or an automation whose GitRepository fails, names that object as the root cause.
import { at, str } from '../../kube/fields.js';
import { familyCheck, specRef, type Edge } from '../family.js';
import type { FluxNode } from '../dependencies.js';
import { describeCommand, type FluxHealth } from '../flux-status.js';

function edges(node: FluxNode): Edge[] {
  if (node.ref.kind === 'ImagePolicy') {
    const r = specRef(node, 'imageRepositoryRef', 'ImageRepository');
    return r ? [{ ref: { ...r, kind: 'ImageRepository' }, role: 'source' }] : [];
  }
  if (node.ref.kind === 'ImageUpdateAutomation') {
    const r = specRef(node, 'sourceRef', 'GitRepository');
    return r ? [{ ref: r, role: 'source' }] : [];
  }
  return [];
}

function command(node: FluxNode, h: FluxHealth): string {
  const secret = str(at(node.obj, 'spec', 'secretRef', 'name'));
  // Only the Secret's metadata: whether the pull secret exists is what AuthenticationFailed most often hinges on.
  if (node.ref.kind === 'ImageRepository' && h.reason === 'AuthenticationFailed' && secret && node.ref.namespace) return `kubectl -n ${node.ref.namespace} get secret ${secret}`;
  return describeCommand(node.ref);
}

export const imageAutomationCheck = familyCheck({
  id: 'image-automation',
  title: 'Image automation',
  family: 'image',
  extraNeeds: ['gitRepositories'],
  optional: 'the image automation CRDs are not installed (ImageRepository, ImagePolicy, ImageUpdateAutomation)',
  edges,
  command,
});
