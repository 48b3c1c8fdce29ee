import { describe, expect, it } from 'vitest';
import { REDACTED, redactText, redactUrl } from '../../skill-src/kube/redact.js';
import { redactObject } from '../../skill-src/app/record.js';

describe('redaction', () => {
  it('removes user:password from server URLs and masks token query parameters', () => {
    expect(redactUrl('https://admin:s3cret@api.example.com:6443/x')).toBe('https://api.example.com:6443/x');
    expect(redactUrl('https://h/p?token=abc&x=1')).toBe(`https://h/p?token=${REDACTED}&x=1`);
  });

  it('masks credentials inside free text', () => {
    const t = redactText('failed to clone https://bot:ghp_XYZ@github.com/org/repo: Bearer eyJhbGciOi.payload.sig');
    expect(t).not.toContain('ghp_XYZ');
    expect(t).not.toContain('eyJhbGciOi');
    expect(t).toContain('github.com/org/repo');
  });

  it('redacts secret-looking env values, annotations and URLs in recorded objects, keeping names', () => {
    const obj = {
      metadata: { name: 'token-rotator', annotations: { 'example.com/api-token': 'tkn-123', owner: 'team-a' } },
      spec: {
        url: 'https://user:pw@git.example.com/repo.git',
        secretRef: { name: 'git-credentials' },
        containers: [{ name: 'manager', env: [{ name: 'API_TOKEN', value: 'plant-1' }, { name: 'LOG_LEVEL', value: 'info' }] }],
      },
    };
    const out = JSON.stringify(redactObject(obj));
    for (const planted of ['tkn-123', 'pw@', 'plant-1']) expect(out).not.toContain(planted);
    for (const kept of ['token-rotator', 'team-a', 'git-credentials', 'LOG_LEVEL', '"info"', 'git.example.com/repo.git']) expect(out).toContain(kept);
  });
});
