// YAML from a file the user hands over (snapshot, side data): parsed with a nesting limit, then measured with
// aliases followed, so a few hundred bytes of anchors cannot expand into millions of values downstream.
import yaml from 'js-yaml';
import type { DocumentLimits } from './limits.js';

export class DocumentTooLarge extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DocumentTooLarge';
  }
}

/**
 * Walks `doc` as consumers will (aliases expanded) and throws DocumentTooLarge past the value or depth limit.
 * It stops at the first excess, so its cost is bounded by the limits, not by the expansion; recursion is at
 * most `limits.depth` deep.
 */
export function measureDocument(doc: unknown, limits: Pick<DocumentLimits, 'depth' | 'values'>, budget = { values: 0 }, depth = 0): void {
  if (++budget.values > limits.values) throw new DocumentTooLarge(`it holds more than ${limits.values} values once its aliases are expanded`);
  if (typeof doc !== 'object' || doc === null || doc instanceof Date) return;
  if (depth >= limits.depth) throw new DocumentTooLarge(`it nests deeper than ${limits.depth} levels`);
  const children = Array.isArray(doc) ? doc : Object.values(doc as Record<string, unknown>);
  for (const child of children) measureDocument(child, limits, budget, depth + 1);
}

/** Every document of a YAML stream, within the limits; js-yaml errors and DocumentTooLarge propagate. */
export function loadAllBounded(text: string, limits: DocumentLimits): unknown[] {
  if (Buffer.byteLength(text) > limits.fileBytes) throw new DocumentTooLarge(`it is larger than ${Math.round(limits.fileBytes / 1048576)} MiB`);
  // maxDepth exists in js-yaml 4.3 but not in its type definitions.
  const docs = yaml.loadAll(text, null, { maxDepth: limits.depth } as yaml.LoadOptions);
  const budget = { values: 0 };
  for (const d of docs) measureDocument(d, limits, budget);
  return docs;
}

export function loadBounded(text: string, limits: DocumentLimits): unknown {
  const docs = loadAllBounded(text, limits);
  if (docs.length > 1) throw new yaml.YAMLException('expected a single document in the stream, but found more');
  return docs[0];
}
