// Goldens of `validate.sh revision`, one per case, from the BUILT script: the scenario snapshots (one patched
// to hold a commit its Kustomizations are still applying) and a fleet of two replay servers.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import yaml from 'js-yaml';
import { GOLDEN_DIR, SCENARIO_DIR, cleanEnv, normalize, type Format } from './golden.js';
import { runScript, type ScriptResult } from './built.js';
import { startReplay, type Replay } from './replay.js';
import { AMPLE_TIMEOUT_S } from './timeouts.js';
import { NEW_COMMIT, fetchedNotApplied, type Doc } from './revision.js';

export const REVISION_GOLDEN_DIR = path.join(GOLDEN_DIR, 'revision');
/** The scenarios' recording time: every snapshot case is read at it. */
const RECORDED_AT = '2026-11-25T10:00:00Z';

export interface RevisionCase {
  name: string;
  /** What the case shows, and the exit code it must end with. */
  about: string;
  exitCode: number;
  /** Scenario snapshots: one for a snapshot run, two (or more) for a fleet over replay servers. */
  clusters: { scenario: string; patch?: (items: Doc[]) => void }[];
  args: string[];
}

export const REVISION_CASES: readonly RevisionCase[] = [
  { name: 'landed-default-rev', about: 'no REV: the newest artifact is chosen, and every object it reaches applied it', exitCode: 0, clusters: [{ scenario: 'healthy' }], args: [] },
  { name: 'failed-kustomization', about: 'the apps Kustomization failed to build the commit: its root cause and command', exitCode: 1, clusters: [{ scenario: 'kustomization-build-failure' }], args: ['59d8ace'] },
  { name: 'blocked-depends-on', about: 'infra failed on the commit; four Kustomizations wait for it through dependsOn', exitCode: 1, clusters: [{ scenario: 'dependency-chain' }], args: ['f766e25'] },
  { name: 'in-progress', about: 'the GitRepository fetched the commit; infra is applying it, the rest wait', exitCode: 3, clusters: [{ scenario: 'healthy', patch: fetchedNotApplied }], args: [NEW_COMMIT] },
  { name: 'not-fetched', about: 'no source holds the commit yet', exitCode: 3, clusters: [{ scenario: 'healthy' }], args: [NEW_COMMIT.slice(0, 10)] },
  { name: 'oci-digest', about: 'an OCI digest: the OCIRepository and the Kustomization applying it', exitCode: 0, clusters: [{ scenario: 'healthy' }], args: ['sha256:6e3f4ca4beebefe187baff453df4a6b810c7dd0727b8df89a0ff02a34dc85dfd'] },
  { name: 'wait-timeout', about: '--wait on a snapshot that will not change: one read, then the time is up (exit 3)', exitCode: 3, clusters: [{ scenario: 'healthy', patch: fetchedNotApplied }], args: [NEW_COMMIT, '--wait', '--timeout', '1'] },
  { name: 'wait-landed', about: '--wait when REV already landed: one read, exit 0', exitCode: 0, clusters: [{ scenario: 'healthy' }], args: ['a4c1c53', '--wait', '--timeout', '1'] },
  { name: 'wait-failed', about: '--wait when an object failed on REV: one read, exit 1', exitCode: 1, clusters: [{ scenario: 'kustomization-build-failure' }], args: ['59d8ace', '--wait', '--timeout', '1'] },
  { name: 'fleet', about: 'two clusters: one applied the commit, the other never fetched it', exitCode: 3, clusters: [{ scenario: 'healthy' }, { scenario: 'dependency-chain' }], args: ['a4c1c53', '--all-contexts'] },
];

/** A scenario's file, patched into a fresh folder when the case says so; the folder to remove after. */
function fixtureFor(c: RevisionCase['clusters'][number]): { file: string; dir?: string } {
  const src = path.join(SCENARIO_DIR, `${c.scenario}.yaml`);
  if (!c.patch) return { file: src };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'revision-'));
  const doc = yaml.load(fs.readFileSync(src, 'utf8')) as { items: Doc[] };
  c.patch(doc.items);
  const file = path.join(dir, `${c.scenario}.yaml`);
  fs.writeFileSync(file, yaml.dump(doc, { lineWidth: -1 }));
  fs.copyFileSync(path.join(SCENARIO_DIR, `${c.scenario}.side.yaml`), path.join(dir, `${c.scenario}.side.yaml`));
  return { file, dir };
}

interface KubeconfigDoc {
  clusters: { name: string }[];
  users: { name: string }[];
  contexts: { name: string; context: { cluster: string; user: string } }[];
}

/** One kubeconfig with a context per replay server, named after its scenario, in a folder normalize() recognises. */
function fleetKubeconfig(servers: { name: string; replay: Replay }[]): { file: string; dir: string } {
  const out: KubeconfigDoc = { clusters: [], users: [], contexts: [] };
  for (const { name, replay } of servers) {
    const doc = yaml.load(fs.readFileSync(replay.kubeconfigPath, 'utf8')) as KubeconfigDoc;
    out.clusters.push(...doc.clusters.map((c) => ({ ...c, name })));
    out.users.push(...doc.users.map((u) => ({ ...u, name })));
    out.contexts.push({ name, context: { cluster: name, user: name } });
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'replay-'));
  const file = path.join(dir, 'kubeconfig');
  fs.writeFileSync(file, yaml.dump({ apiVersion: 'v1', kind: 'Config', 'current-context': servers[0]?.name ?? '', ...out }), { mode: 0o600 });
  return { file, dir };
}

export async function produceRevision(c: RevisionCase, f: Format): Promise<ScriptResult> {
  const made = c.clusters.map(fixtureFor);
  const servers: { name: string; replay: Replay }[] = [];
  let kube: { file: string; dir: string } | undefined;
  try {
    if (made.length === 1) return await runScript(['revision', ...c.args, '--snapshot', made[0]?.file ?? '', '--output', f.flag], { env: cleanEnv() });
    for (const [i, m] of made.entries()) servers.push({ name: c.clusters[i]?.scenario ?? `c${i}`, replay: await startReplay(m.file) });
    kube = fleetKubeconfig(servers);
    return await runScript(['revision', ...c.args, '--kubeconfig', kube.file, '--timeout', String(AMPLE_TIMEOUT_S), '--output', f.flag], { env: cleanEnv() });
  } finally {
    await Promise.all(servers.map((s) => s.replay.close()));
    for (const m of made) if (m.dir) fs.rmSync(m.dir, { recursive: true, force: true });
    if (kube) fs.rmSync(kube.dir, { recursive: true, force: true });
  }
}

export function revisionGoldenPath(c: RevisionCase, f: Format): string {
  return path.join(REVISION_GOLDEN_DIR, `${c.name}.${f.ext}`);
}

/** The output as its golden holds it: ports, temp paths and timings normalised as for the report's goldens. */
export function normalizeRevision(text: string): string {
  return normalize(text, RECORDED_AT);
}
