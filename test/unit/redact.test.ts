import { describe, expect, it } from 'vitest';
import { REDACTED, redactText, redactUrl } from '../../skill-src/kube/redact.js';
import { redactRecorded } from '../../skill-src/app/record-redact.js';

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

  it('redacts env values (all of them: no check reads one), secret-looking annotations and URLs in recorded objects, keeping names', () => {
    const obj = {
      metadata: { name: 'token-rotator', annotations: { 'example.com/api-token': 'tkn-123', owner: 'team-a' } },
      spec: {
        url: 'https://user:pw@git.example.com/repo.git',
        secretRef: { name: 'git-credentials' },
        containers: [{ name: 'manager', env: [{ name: 'API_TOKEN', value: 'plant-1' }, { name: 'LOG_LEVEL', value: 'info' }] }],
      },
    };
    const out = JSON.stringify(redactRecorded(obj));
    for (const planted of ['tkn-123', 'pw@', 'plant-1', '"info"']) expect(out).not.toContain(planted);
    for (const kept of ['token-rotator', 'team-a', 'git-credentials', 'LOG_LEVEL', 'git.example.com/repo.git']) expect(out).toContain(kept);
  });
});

describe('redactText: every credential form of issue 12', () => {
  const GH = `ghp_${'A1b2'.repeat(9)}`;
  // [form, text, the secret that must go, what must stay]
  const CASES: [string, string, string, string][] = [
    ['token as URL userinfo without a password', `unable to clone 'https://${GH}@github.com/acme/app.git'`, GH, 'github.com/acme/app.git'],
    ['userinfo with a password', 'https://bot:hunter2-pw@gitlab.example.com/g/r.git', 'hunter2-pw', 'gitlab.example.com/g/r.git'],
    ['x-access-token userinfo', 'https://x-access-token:v1.abc123def@github.com/o/r', 'v1.abc123def', 'github.com/o/r'],
    ['?token=', 'GET https://charts.example.com/index.yaml?token=tok-93jf8&ref=main: 401', 'tok-93jf8', 'ref=main'],
    ['Azure SAS sig=', 'https://acct.blob.core.windows.net/c/a.tgz?sv=2022-11-02&sig=Qm9ndXM%3D&se=2026', 'Qm9ndXM', 'sv=2022-11-02'],
    ['&signature=', 'https://cdn.example.com/a?expires=1&signature=abcdef0123', 'abcdef0123', 'expires=1'],
    ['key=', 'https://maps.example.com/x?key=k-1234567', 'k-1234567', 'maps.example.com'],
    ['secret= and password=', 'https://h/x?client_secret=cs-998&password=pw-776', 'cs-998', 'https://h/x'],
    ['access_token=', 'https://h/x?access_token=at-5544', 'at-5544', 'https://h/x'],
    ['X-Amz-* presigned URL', 'https://b.s3.amazonaws.com/o?X-Amz-Credential=cred-42%2F2026&X-Amz-Security-Token=st-77&X-Amz-Signature=deadbeef99', 'deadbeef99', 'b.s3.amazonaws.com/o'],
    ['X-Amz-Security-Token', 'https://b.s3.amazonaws.com/o?X-Amz-Security-Token=st-77&x=1', 'st-77', 'x=1'],
    ['GitHub classic token', `token ${GH} rejected`, GH, 'rejected'],
    ['GitHub OAuth token', `gho_${'x9'.repeat(18)} bad`, `gho_${'x9'.repeat(18)}`, 'bad'],
    ['GitHub fine-grained PAT', `github_pat_11ABCDEFG0_${'q'.repeat(40)}`, 'github_pat_11ABCDEFG0', ''],
    ['GitLab PAT', 'auth failed for glpat-Xy12_ab34-cd56EF78gh', 'glpat-Xy12_ab34-cd56EF78gh', 'auth failed for'],
    ['Slack bot token', 'posting with xoxb-1234567890-0987654321-AbCdEfGh failed', 'xoxb-1234567890-0987654321-AbCdEfGh', 'failed'],
    ['AWS access key id', 'InvalidAccessKeyId: AKIAIOSFODNN7EXAMPLE does not exist', 'AKIAIOSFODNN7EXAMPLE', 'does not exist'],
    ['JWT', 'token eyJhbGciOiJSUzI1NiIsImtpZCI6IjEifQ.eyJzdWIiOiJzeXN0ZW0ifQ.c2lnbmF0dXJlLXBhcnQ is expired', 'eyJzdWIiOiJzeXN0ZW0ifQ', 'is expired'],
    ['Bearer', 'Authorization: Bearer s3cr3t.t0ken.value', 's3cr3t.t0ken.value', 'Authorization'],
    ['Basic', 'Authorization: Basic dXNlcjpwYXNzd29yZA==', 'dXNlcjpwYXNzd29yZA==', 'Authorization'],
    ['--token=', 'args: [--token=tk-000111, --v=2]', 'tk-000111', '--v=2'],
    ['connection string Password=', 'Server=db;User Id=sa;Password=Pa55word!;Encrypt=true', 'Pa55word!', 'Encrypt=true'],
    ['quoted JSON secret', '{"client_secret": "cs-in-json", "user": "bob"}', 'cs-in-json', '"user": "bob"'],
    ['private key', 'key: -----BEGIN RSA PRIVATE KEY-----\nMIIEow\n-----END RSA PRIVATE KEY----- end', 'MIIEow', 'end'],
  ];
  for (const [form, text, secret, kept] of CASES) {
    it(form, () => {
      const out = redactText(text);
      expect(out).not.toContain(secret);
      expect(out).toContain(REDACTED);
      expect(out).toContain(kept);
      expect(redactText(out)).toBe(out);
    });
  }

  it('keeps what is not a credential: ssh git@, paths, Kubernetes messages, prose about auth', () => {
    for (const text of [
      'ssh://git@github.com/acme/fleet.git',
      'spec.secretRef.name=git-credentials path=./apps',
      'Deployment.apps "web" is invalid: spec.selector: Invalid value: map[string]string{"app":"web"}: field is immutable',
      'Basic authentication failed; the Bearer token was rejected',
      'kustomize build failed: accumulating resources from ./podinfo: no such file or directory',
      'https://github.com/acme/app/blob/main/README.md?plain=1#L10',
    ]) {
      expect(redactText(text)).toBe(text);
    }
  });

  it('redactUrl drops userinfo entirely and masks credential parameters', () => {
    expect(redactUrl(`https://${GH}@api.example.com:6443`)).toBe('https://api.example.com:6443');
    expect(redactUrl('https://api.example.com/?X-Amz-Signature=abc')).toBe(`https://api.example.com/?X-Amz-Signature=${REDACTED}`);
  });
});

describe('redactRecorded (recordings)', () => {
  it('masks every env value, credential flags in args and Provider webhook paths; keeps names and valueFrom', () => {
    const deploy = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'flux-operator', namespace: 'flux-system' },
      spec: {
        template: {
          spec: {
            containers: [
              {
                name: 'manager',
                args: ['--token', 'plain-arg-token-1', '--password=pw-arg-2', '--log-level=info', '--watch-all-namespaces'],
                env: [
                  { name: 'GH_PAT', value: 'harmless-name-pat-3' },
                  { name: 'DATABASE', value: 'Server=db;Password=dsn-pw-4' },
                  { name: 'AWS_ACCESS_KEY_ID', value: 'AKIAIOSFODNN7EXAMPLE' },
                  { name: 'FROM_SECRET', valueFrom: { secretKeyRef: { name: 's', key: 'k' } } },
                ],
              },
            ],
          },
        },
      },
    };
    const provider = {
      apiVersion: 'notification.toolkit.fluxcd.io/v1beta3',
      kind: 'Provider',
      metadata: { name: 'slack', namespace: 'flux-system' },
      spec: { type: 'slack', channel: 'alerts', address: 'https://hooks.slack.com/services/T000/B000/webhook-secret-5' },
    };
    const out = JSON.stringify([redactRecorded(deploy), redactRecorded(provider)]);
    for (const s of ['plain-arg-token-1', 'pw-arg-2', 'harmless-name-pat-3', 'dsn-pw-4', 'AKIAIOSFODNN7EXAMPLE', 'webhook-secret-5', 'T000/B000']) expect(out, s).not.toContain(s);
    for (const s of ['--token', '--log-level=info', '--watch-all-namespaces', 'GH_PAT', 'AWS_ACCESS_KEY_ID', 'secretKeyRef', 'https://hooks.slack.com/', '"channel":"alerts"']) expect(out, s).toContain(s);
  });
});
