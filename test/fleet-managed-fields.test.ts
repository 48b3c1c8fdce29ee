// Generated fleets carry managedFields shaped like the API server's, so benchmark figures are not flattered.
import { describe, expect, it } from 'vitest';
import { fieldsV1, withManagedFields } from '../scripts/fleet/managed-fields.js';
import { generateFleet } from '../scripts/fleet/fleet.js';

describe('fleet managedFields', () => {
  it('mirrors the object: f: keys, . for a set map, k:{type} for keyed list items, {} for values', () => {
    expect(fieldsV1({ interval: '1m', sourceRef: { kind: 'GitRepository', name: 'x' } })).toEqual({ '.': {}, 'f:interval': {}, 'f:sourceRef': { '.': {}, 'f:kind': {}, 'f:name': {} } });
    expect(fieldsV1([{ type: 'Ready', status: 'True' }])).toEqual({ '.': {}, 'k:{"type":"Ready"}': { '.': {}, 'f:type': {}, 'f:status': {} } });
    expect(fieldsV1(['a', 'b'])).toEqual({});
  });

  it('adds an Apply entry for metadata and spec and a status Update by the kind controller', () => {
    const obj = withManagedFields({
      apiVersion: 'source.toolkit.fluxcd.io/v1',
      kind: 'GitRepository',
      metadata: { name: 'r', namespace: 'n', uid: 'u', resourceVersion: '1', creationTimestamp: '2026-01-01T00:00:00Z', labels: { a: 'b' } },
      spec: { url: 'https://x' },
      status: { conditions: [{ type: 'Ready', status: 'True' }] },
    });
    const entries = obj.metadata.managedFields as { manager: string; operation: string; subresource?: string }[];
    expect(entries.map((e) => [e.manager, e.operation, e.subresource])).toEqual([
      ['kustomize-controller', 'Apply', undefined],
      ['source-controller', 'Update', 'status'],
    ]);
  });

  it('puts them on every generated object, deterministically', () => {
    const a = generateFleet({ objects: 2000, failures: 0, seed: 3 });
    expect(a.objects.every((o) => Array.isArray(o.metadata.managedFields))).toBe(true);
    expect(JSON.stringify(generateFleet({ objects: 2000, failures: 0, seed: 3 }).objects)).toBe(JSON.stringify(a.objects));
  });
});
