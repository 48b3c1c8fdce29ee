// Fidelity over every scenario: real kubectl, through the replay server, lists exactly the recorded
// objects of every kind the scenario holds (faults and access rules left out: they are the scenario's
// subject, not the recording's content).
import fs from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { KUBECTL_AVAILABLE } from './helpers/kubectl.js';
import { afterAll, describe, expect, it } from 'vitest';
import { parseFixture, sidePathFor } from '../skill-src/cluster/fixture.js';
import { splitApiVersion } from '../skill-src/cluster/fixture-kinds.js';
import { startReplayServer } from '../scripts/replay/server.js';
import { scenarios } from './helpers/golden.js';
import { tempDir } from './helpers/temp.js';

if (!KUBECTL_AVAILABLE) console.warn('kubectl is not installed: skipping the per-scenario kubectl fidelity tests');

/** Kinds whose lists the API server itself adds to (namespaces, CRDs): compared elsewhere. */
const DERIVED = new Set(['Namespace', 'CustomResourceDefinition']);

describe.skipIf(!KUBECTL_AVAILABLE)('kubectl reads every scenario as recorded', () => {
  const dir = tempDir('kubectl-scenarios');
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  for (const s of scenarios()) {
    it(s.name, async () => {
      const side = fs.existsSync(sidePathFor(s.fixture)) ? fs.readFileSync(sidePathFor(s.fixture), 'utf8') : undefined;
      const fixture = parseFixture(fs.readFileSync(s.fixture, 'utf8'), side, s.fixture);
      const { faults: _faults, access: _access, failedLists: _failed, ...rest } = fixture.side;
      const server = await startReplayServer({ objects: fixture.objects, side: rest });
      try {
        const kubeconfig = path.join(dir, `${s.name}.kubeconfig`);
        fs.writeFileSync(kubeconfig, server.kubeconfig());
        const expected = new Map<string, Set<string>>();
        for (const o of fixture.objects) {
          const kind = String(o.kind);
          if (DERIVED.has(kind)) continue;
          const { group } = splitApiVersion(String(o.apiVersion));
          const type = group ? `${kind.toLowerCase()}.${group}` : kind.toLowerCase();
          const names = expected.get(type) ?? new Set<string>();
          names.add(`${String(o.metadata?.namespace ?? '')}/${String(o.metadata?.name)}`);
          expected.set(type, names);
        }
        const types = [...expected.keys()].sort();
        const r = await execa('kubectl', ['--kubeconfig', kubeconfig, '--cache-dir', path.join(dir, `cache-${s.name}`), 'get', types.join(','), '-A', '-o', 'json'], {
          reject: false,
          env: { HOME: dir, PATH: process.env.PATH ?? '' },
          extendEnv: false,
          timeout: 110_000,
        });
        expect(r.exitCode, String(r.stderr)).toBe(0);
        const list = JSON.parse(String(r.stdout)) as { items: { kind: string; apiVersion: string; metadata: { namespace?: string; name: string } }[] };
        const seen = new Map<string, Set<string>>();
        for (const o of list.items) {
          const { group } = splitApiVersion(o.apiVersion);
          const type = group ? `${o.kind.toLowerCase()}.${group}` : o.kind.toLowerCase();
          const names = seen.get(type) ?? new Set<string>();
          names.add(`${o.metadata.namespace ?? ''}/${o.metadata.name}`);
          seen.set(type, names);
        }
        expect(Object.fromEntries([...seen].map(([k, v]) => [k, [...v].sort()]).sort())).toEqual(Object.fromEntries([...expected].map(([k, v]) => [k, [...v].sort()]).sort()));
      } finally {
        await server.close();
      }
    });
  }
});
