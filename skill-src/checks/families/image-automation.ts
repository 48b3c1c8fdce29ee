// Image automation: ImageRepository scans, ImagePolicy picks a tag from its ImageRepository, and
// ImageUpdateAutomation pushes the change through its GitRepository. A policy waiting on a failing
// repository, or an automation whose GitRepository fails, names that object as the root cause (graph/edges.ts).
import { familyCheck } from '../family.js';
import type { FluxNode } from '../../graph/graph.js';
import type { FluxHealth } from '../flux/status.js';
import { secretNote } from './sources.js';

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
  note,
});
