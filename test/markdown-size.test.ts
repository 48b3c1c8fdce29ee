// Where the agent pays for bytes: identical root causes are one entry, and while something fails the markdown
// counts passing checks' facts and info findings instead of listing them (JSON keeps everything).
import { describe, expect, it } from 'vitest';
import { renderMarkdown } from '../skill-src/render/markdown.js';
import { check, finding, report, res } from './helpers/report.js';

const same = 'kustomize build failed: accumulating resources: ./apps: no such file or directory; revision main@sha1:1a2b3c failed to apply';

describe('markdown report size', () => {
  it('collapses root causes with the same severity, reason and message into one entry naming the others', () => {
    const r = report([
      check('kustomizations', [
        finding('error', res('Kustomization', 'apps-a', 'team-a'), 'BuildFailed', { message: same }),
        finding('error', res('Kustomization', 'apps-b', 'team-b'), 'BuildFailed', { message: same }),
        finding('error', res('Kustomization', 'apps-c', 'team-c'), 'BuildFailed', { message: same }),
        finding('error', res('Kustomization', 'other', 'team-d'), 'BuildFailed', { message: 'something else' }),
      ]),
    ]);
    const md = renderMarkdown(r);
    expect(md).toContain('## Root causes (4)');
    expect(md.split(same)).toHaveLength(2);
    expect(md).toContain('   - The same on 2 other objects: `Kustomization/team-b/apps-b`, `Kustomization/team-c/apps-c`.');
    expect(md).toContain('something else');
  });

  it('while something fails, counts passing checks facts and info findings; when nothing fails, lists them', () => {
    const facts = ['Kustomization: 3 running, 0 failing, 0 suspended', 'GitRepository flux-system/apps at main'];
    const failingReport = report([
      check('sources', [finding('error', res('GitRepository', 'apps', 'flux-system'), 'AuthenticationFailed')]),
      check('kustomizations', [], facts),
      check('practices', [finding('info', res('GitRepository', 'apps', 'flux-system'), 'NoReceiver')]),
    ]);
    const md = renderMarkdown(failingReport);
    expect(md).not.toContain(facts[0]);
    expect(md).not.toContain('NoReceiver');
    expect(md).toContain('2 facts of passing checks not shown while something fails; run with --output json for all.');
    expect(md).toContain('1 more info finding not shown; run with --output json for all.');

    const healthy = renderMarkdown(report([check('kustomizations', [], facts), check('practices', [finding('info', res('GitRepository', 'apps', 'flux-system'), 'NoReceiver')])]));
    expect(healthy).toContain(facts[0]);
    expect(healthy).toContain('NoReceiver');
    expect(healthy).not.toContain('not shown');
  });
});
