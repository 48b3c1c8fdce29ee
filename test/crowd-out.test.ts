// Tenants cannot crowd out the platform (issue 12, item 8), through the BUILT script: twenty tenant
// Kustomizations with long names point at sources that do not exist, in four tenant namespaces, while the
// platform's own GitRepository (the FluxInstance's sync source) fails to authenticate. Each tenant
// Kustomization is its own root cause (a reference to a missing object is the referrer's failure). The platform's cause
// comes first, each namespace shows at most three causes before `+N more in NAMESPACE`, and long names are
// shortened in display, never dropped (JSON keeps them whole).
import { describe, expect, it } from 'vitest';
import path from 'node:path';
import type { KubeObject } from '../skill-src/kube/types.js';
import { runScript } from './helpers/built.js';
import { cleanEnv } from './helpers/golden.js';
import { HEALTHY, loadScenario, writeRecording } from './helpers/hostile.js';

const NAMESPACES = ['tenant-a', 'tenant-b', 'tenant-c', 'tenant-d'];
const PER_NS = 5;
/** 200 characters: a valid DNS-1123 subdomain, far longer than a report line wants. */
const longName = (ns: string, i: number): string => `${ns}-source-${'x'.repeat(200 - ns.length - 12)}-${String(i).padStart(2, '0')}`;
/** The tenant Kustomization that reads from longName(ns, i): the root cause the report names. */
const appName = (ns: string, i: number): string => `${longName(ns, i)}-app`;

function crowdRecording(): string {
  const rec = loadScenario(HEALTHY);
  // The platform source fails as in git-auth-failure.yaml (message verbatim from that scenario).
  const authFailure = loadScenario(path.join(path.dirname(HEALTHY), 'git-auth-failure.yaml')).objects.find(
    (o) => o.kind === 'GitRepository' && o.metadata?.name === 'flux-system',
  );
  const idx = rec.objects.findIndex((o) => o.kind === 'GitRepository' && o.metadata?.name === 'flux-system');
  const apps = rec.objects.find((o) => o.kind === 'Kustomization' && o.metadata?.name === 'apps');
  if (!authFailure || idx < 0 || !apps) throw new Error('scenarios changed: healthy and git-auth-failure need GitRepository flux-system, healthy a Kustomization apps');
  rec.objects[idx] = authFailure;
  for (const ns of NAMESPACES) {
    for (let i = 0; i < PER_NS; i++) {
      const k = JSON.parse(JSON.stringify(apps)) as KubeObject & { spec: Record<string, unknown>; status: Record<string, unknown> };
      k.metadata = { ...k.metadata, name: appName(ns, i), namespace: ns, generation: 1 };
      k.spec = { ...k.spec, sourceRef: { kind: 'GitRepository', name: longName(ns, i) } };
      delete k.spec.dependsOn;
      k.status = {
        observedGeneration: 1,
        conditions: [{ type: 'Ready', status: 'False', reason: 'ArtifactFailed', message: `Source 'GitRepository/${ns}/${longName(ns, i)}' not found`, lastTransitionTime: '2026-11-25T09:50:00Z', observedGeneration: 1 }],
      };
      rec.objects.push(k);
    }
  }
  return writeRecording(rec, 'crowd-out');
}

describe('tenants cannot crowd out the platform', () => {
  const file = crowdRecording();
  const run = (output: string) => runScript(['--snapshot', file, '--output', output], { env: cleanEnv() });

  it('JSON keeps every cause, whole, with the platform first', async () => {
    const r = await run('json');
    const doc = JSON.parse(r.stdout) as { rootCauses: { resource: { kind: string; namespace?: string; name: string }; reason: string }[] };
    expect(doc.rootCauses[0]?.resource).toEqual({ kind: 'GitRepository', namespace: 'flux-system', name: 'flux-system' });
    expect(doc.rootCauses[0]?.reason).toBe('AuthenticationFailed');
    for (const ns of NAMESPACES) {
      for (let i = 0; i < PER_NS; i++) {
        const cause = doc.rootCauses.find((c) => c.resource.namespace === ns && c.resource.name === appName(ns, i));
        expect(cause?.resource.kind).toBe('Kustomization');
        expect(cause?.reason).toBe('ArtifactFailed');
      }
      // Nothing names an object that does not exist.
      expect(doc.rootCauses.some((c) => c.resource.kind === 'GitRepository' && c.resource.namespace === ns)).toBe(false);
    }
  });

  it('markdown: the platform cause is entry 1, at most 3 causes per namespace, the rest counted per namespace', async () => {
    const [md, json] = await Promise.all([run('markdown'), run('json')]);
    const total = (JSON.parse(json.stdout) as { rootCauses: unknown[] }).rootCauses.length;
    const lines = md.stdout.split('\n');
    const entries = lines.filter((l) => /^\d+\. /.test(l));
    expect(entries[0]).toMatch(/^1\. ✗ error `GitRepository\/flux-system\/flux-system` `AuthenticationFailed`/);
    const next = lines[lines.indexOf(entries[0] ?? '') + 1];
    expect(next).toBe('   - Next: `kubectl -n flux-system describe gitrepositories.source.toolkit.fluxcd.io flux-system`');
    let counted = 0;
    for (const ns of NAMESPACES) {
      expect(entries.filter((l) => l.includes(`/${ns}/`)).length).toBeLessThanOrEqual(3);
      const more = lines.find((l) => l.startsWith(`- +`) && l.includes(`in \`${ns}\``));
      expect(more, `+N more in ${ns}`).toMatch(/^- \+2 more in `tenant-[a-d]` \(2 errors\)\.$/);
      counted += 2;
    }
    // Long names are shortened in the middle, not cut off: start and end both survive.
    const tenantEntry = entries.find((l) => l.includes('/tenant-a/')) ?? '';
    expect(tenantEntry).toMatch(/`Kustomization\/tenant-a\/tenant-a-source-x+ … \[\d+ chars cut\] … x+-0\d-app`/);
    // The name (80 code points at most, marker included in the cut) plus kind and namespace.
    expect((/`([^`]*)`/.exec(tenantEntry)?.[1] ?? '').length).toBeLessThan(130);
    const hidden = Number(/\n(\d+) more root causes? not shown/.exec(md.stdout)?.[1] ?? 0);
    // Beyond three causes of one kind and reason, the renderer also sums up similar ones ("N more Kind Reason").
    const similar = lines.map((l) => /^- [✗⚠] (\d+) more `/.exec(l)).reduce((n, m) => n + (m ? Number(m[1]) : 0), 0);
    expect(entries.length + similar + counted + hidden).toBe(total);
  });

  it('text: the platform cause comes first and each namespace is capped too', async () => {
    const r = await run('text');
    const causes = r.stdout.split('\nChecks:')[0] ?? '';
    const heads = causes.split('\n').filter((l) => /^ {2}[✗⚠] /.test(l));
    expect(heads[0]).toMatch(/^ {2}✗ GitRepository\/flux-system\/flux-system {2}AuthenticationFailed$/);
    for (const ns of NAMESPACES) {
      expect(heads.filter((l) => l.includes(`/${ns}/`)).length).toBe(3);
      expect(causes).toContain(`+2 more in ${ns} (2 errors, 0 warnings)`);
    }
  });
});
