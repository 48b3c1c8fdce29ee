// kubectl sends SelfSubjectAccessReviews (kubectl auth can-i) as Kubernetes protobuf. The replay server
// decodes just that message into the JSON the in-memory API understands; everything else stays JSON.
// Wire format: the magic "k8s\0", then runtime.Unknown { typeMeta = 1; raw = 2; ... }, where raw is
// SelfSubjectAccessReview { metadata = 1; spec = 2 { resourceAttributes = 1 { namespace = 1; verb = 2;
// group = 3; version = 4; resource = 5; subresource = 6; name = 7 } } }.

export const PROTOBUF = 'application/vnd.kubernetes.protobuf';
const MAGIC = Buffer.from([0x6b, 0x38, 0x73, 0x00]);

/** Length-delimited and varint fields of one message, by field number (last one wins, as in proto3). */
function fields(buf: Buffer): Map<number, Buffer | number> {
  const out = new Map<number, Buffer | number>();
  let i = 0;
  const varint = (): number => {
    let result = 0;
    let shift = 0;
    for (;;) {
      const b = buf[i++];
      if (b === undefined) throw new Error('truncated varint');
      result += (b & 0x7f) * 2 ** shift;
      if ((b & 0x80) === 0) return result;
      shift += 7;
    }
  };
  while (i < buf.length) {
    const key = varint();
    const field = Math.floor(key / 8);
    const wire = key % 8;
    if (wire === 0) out.set(field, varint());
    else if (wire === 2) {
      const len = varint();
      out.set(field, buf.subarray(i, i + len));
      i += len;
    } else if (wire === 1) i += 8;
    else if (wire === 5) i += 4;
    else throw new Error(`unsupported protobuf wire type ${wire}`);
  }
  return out;
}

function sub(m: Map<number, Buffer | number>, n: number): Buffer {
  const v = m.get(n);
  return Buffer.isBuffer(v) ? v : Buffer.alloc(0);
}

/** The JSON body of a protobuf SelfSubjectAccessReview, or undefined when the bytes are not one. */
export function accessReviewFromProtobuf(body: Buffer): string | undefined {
  if (!body.subarray(0, 4).equals(MAGIC)) return undefined;
  try {
    const raw = sub(fields(body.subarray(4)), 2);
    const attrs = fields(sub(fields(sub(fields(raw), 2)), 1));
    const names = ['', 'namespace', 'verb', 'group', 'version', 'resource', 'subresource', 'name'];
    const resourceAttributes: Record<string, string> = {};
    names.forEach((name, n) => {
      const v = attrs.get(n);
      if (name && Buffer.isBuffer(v)) resourceAttributes[name] = v.toString('utf8');
    });
    return JSON.stringify({ apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectAccessReview', spec: { resourceAttributes } });
  } catch {
    return undefined;
  }
}
