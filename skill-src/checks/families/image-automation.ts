// Image automation: ImageRepository scans, ImagePolicy picks a tag from its ImageRepository, and
// ImageUpdateAutomation pushes the change through its GitRepository. A policy waiting on a failing
// repository, or an automation whose GitRepository fails, names that object as the root cause.
import { familyCheck, specRef, type Edge } from '../family.js';
import type { FluxNode } from '../../graph/graph.js';
import type { FluxHealth } from '../flux/status.js';
import { secretNote } from './sources.js';

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

/** An ImageRepository's pull Secret is named, never read (the same note as a source's credentials). */
function note(node: FluxNode, h: FluxHealth): string | undefined {
  return node.ref.kind === 'ImageRepository' ? secretNote(node, h.reason) : undefined;
}

export const imageAutomationCheck = familyCheck({
  id: 'image-automation',
  title: 'Image automation',
  family: 'image',
  extraNeeds: ['gitRepositories'],
  optional: 'the image automation CRDs are not installed (ImageRepository, ImagePolicy, ImageUpdateAutomation)',
  edges,
  note,
});
