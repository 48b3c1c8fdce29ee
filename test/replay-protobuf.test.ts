// kubectl auth can-i sends its access review as Kubernetes protobuf; the replay server decodes it.
import { describe, expect, it } from 'vitest';
import { accessReviewFromProtobuf } from '../scripts/replay/protobuf.js';

/** Encodes a length-delimited protobuf field (field numbers and lengths here are below 128). */
const field = (n: number, value: Buffer | string): Buffer => {
  const bytes = Buffer.isBuffer(value) ? value : Buffer.from(value, 'utf8');
  return Buffer.concat([Buffer.from([(n << 3) | 2, bytes.length]), bytes]);
};

function encode(attrs: Record<number, string>): Buffer {
  const ra = Buffer.concat(Object.entries(attrs).map(([n, v]) => field(Number(n), v)));
  const review = field(2, field(1, ra));
  const unknown = Buffer.concat([field(1, field(1, 'authorization.k8s.io/v1')), field(2, review), field(4, 'application/vnd.kubernetes.protobuf')]);
  return Buffer.concat([Buffer.from('k8s\0', 'latin1'), unknown]);
}

describe('protobuf access reviews', () => {
  it('decodes namespace, verb, group, resource and subresource', () => {
    const json = accessReviewFromProtobuf(encode({ 1: 'flux-system', 2: 'create', 3: '', 5: 'pods', 6: 'portforward' }));
    expect(JSON.parse(json ?? '{}')).toEqual({
      apiVersion: 'authorization.k8s.io/v1',
      kind: 'SelfSubjectAccessReview',
      spec: { resourceAttributes: { namespace: 'flux-system', verb: 'create', group: '', resource: 'pods', subresource: 'portforward' } },
    });
  });

  it('leaves anything without the k8s magic alone, and survives truncated bytes', () => {
    expect(accessReviewFromProtobuf(Buffer.from('{"kind":"SelfSubjectAccessReview"}'))).toBeUndefined();
    const truncated = encode({ 2: 'list', 5: 'gitrepositories' }).subarray(0, 12);
    expect(() => accessReviewFromProtobuf(truncated)).not.toThrow();
  });
});
