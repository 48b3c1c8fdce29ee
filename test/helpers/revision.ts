// Recorded clusters for `validate.sh revision`: the scenario snapshots, some with one object's status
// changed (a source that fetched a new commit, a Kustomization applying it), written to a temp folder.
import fs from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';
import { SCENARIO_DIR } from './golden.js';
import { tempDir } from './temp.js';

export type Doc = { kind?: string; metadata?: { name?: string; namespace?: string }; status?: Record<string, unknown>; spec?: Record<string, unknown> };

/** The commit the healthy scenario's flux-system GitRepository holds (and its Kustomizations applied). */
export const HEALTHY_COMMIT = 'a4c1c5317fefe4b05e17c5f97298eabf78c8a53f';
/** A commit no scenario holds, fetched by the patched GitRepository in the in-progress cases. */
export const NEW_COMMIT = '9b1f2e3d4c5b6a79881726354453627180f9e8d7';

export function find(items: Doc[], kind: string, name: string): Doc {
  const o = items.find((d) => d.kind === kind && d.metadata?.name === name);
  if (!o) throw new Error(`no ${kind} ${name} in the fixture`);
  return o;
}

/** A scenario with its items changed by `patch`, as a snapshot file (side file copied); the path. */
export function patchedScenario(base: string, patch: (items: Doc[]) => void): string {
  const src = path.join(SCENARIO_DIR, `${base}.yaml`);
  const doc = yaml.load(fs.readFileSync(src, 'utf8')) as { items: Doc[] };
  patch(doc.items);
  const dir = tempDir('revision');
  const target = path.join(dir, `${base}.yaml`);
  fs.writeFileSync(target, yaml.dump(doc, { lineWidth: -1 }));
  fs.copyFileSync(path.join(SCENARIO_DIR, `${base}.side.yaml`), path.join(dir, `${base}.side.yaml`));
  return target;
}

/** healthy, where GitRepository flux-system has just fetched NEW_COMMIT and its Kustomizations have not applied it yet. */
export function fetchedNotApplied(items: Doc[]): void {
  const repo = find(items, 'GitRepository', 'flux-system');
  const artifact = repo.status?.artifact as Record<string, unknown>;
  artifact.revision = `refs/heads/main@sha1:${NEW_COMMIT}`;
  artifact.lastUpdateTime = '2026-11-25T09:59:30Z';
  // infra is applying it: Ready=Unknown while the controller works.
  const infra = find(items, 'Kustomization', 'infra');
  const status = infra.status as { conditions: { type: string; status: string; reason: string; message: string }[]; lastAttemptedRevision: string };
  status.lastAttemptedRevision = `refs/heads/main@sha1:${NEW_COMMIT}`;
  status.conditions = status.conditions.map((c) =>
    c.type === 'Ready' ? { ...c, status: 'Unknown', reason: 'Progressing', message: `Detecting drift for revision refs/heads/main@sha1:${NEW_COMMIT} with a timeout of 5m0s` } : c,
  );
  status.conditions.push({ type: 'Reconciling', status: 'True', reason: 'Progressing', message: 'Reconciliation in progress', lastTransitionTime: '2026-11-25T09:59:40Z' } as never);
}
