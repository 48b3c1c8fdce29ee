// The large-fleet generator: sizes, failures, determinism, and objects shaped as checks expect them.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseFixture, type Fixture } from '../skill-src/cluster/fixture.js';
import { at, condition, labels, name, namespace, str } from '../skill-src/kube/fields.js';
import type { KubeObject } from '../skill-src/kube/types.js';
import { generate, parseGenerateArgs } from '../scripts/fleet/generate.js';
import { generateFleet } from '../scripts/fleet/fleet.js';
import { reportFor, snapshotState } from '../skill-src/app/validate.js';
import type { ValidateOptions } from '../skill-src/cli/args.js';
import type { Report } from '../skill-src/model.js';
import { tempDir } from './helpers/temp.js';
import { FLEET_KINDS } from '../scripts/fleet/crds.js';

const dir = tempDir('fleet-test');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function load(file: string): Fixture {
  return parseFixture(fs.readFileSync(file, 'utf8'), fs.readFileSync(file.replace(/\.yaml$/, '.side.yaml'), 'utf8'), file);
}

function notReady(objects: KubeObject[]): KubeObject[] {
  return objects.filter((o) => condition(o, 'Ready')?.status === 'False');
}

function ofKind(objects: KubeObject[], kind: string): KubeObject[] {
  return objects.filter((o) => o.kind === kind);
}

describe('fleet generator', () => {
  let healthy: Fixture;
  let failing: Fixture;
  beforeAll(async () => {
    await generate({ objects: 2000, failures: 0, seed: 7, out: path.join(dir, 'healthy.yaml') });
    await generate({ objects: 3000, failures: 50, seed: 7, out: path.join(dir, 'failing.yaml') });
    healthy = load(path.join(dir, 'healthy.yaml'));
    failing = load(path.join(dir, 'failing.yaml'));
  });

  it('writes as many objects as requested, within 1%', () => {
    expect(Math.abs(healthy.objects.length - 2000)).toBeLessThanOrEqual(20);
    expect(Math.abs(failing.objects.length - 3000)).toBeLessThanOrEqual(30);
  });

  it('writes side data with the recording time', () => {
    expect(healthy.side.recordedAt).toBe('2026-11-25T10:00:00.000Z');
    expect(healthy.side.context).toBe('healthy');
  });

  it('has no failing object when no failures are requested', () => {
    expect(notReady(healthy.objects)).toEqual([]);
  });

  it('has exactly the requested number of failing objects', () => {
    expect(notReady(failing.objects)).toHaveLength(50);
  });

  it('mixes source authentication, build and upgrade failures', () => {
    const reasons = new Set(notReady(failing.objects).map((o) => `${String(o.kind)}/${condition(o, 'Ready')?.reason ?? ''}`));
    for (const r of ['GitRepository/AuthenticationFailed', 'Kustomization/ArtifactFailed', 'Kustomization/DependencyNotReady', 'Kustomization/BuildFailed', 'HelmRelease/UpgradeFailed']) {
      expect(reasons).toContain(r);
    }
  });

  it('points every DependencyNotReady Kustomization at a failing dependency in its namespace', () => {
    const byKey = new Map(ofKind(failing.objects, 'Kustomization').map((k) => [`${namespace(k) ?? ''}/${name(k)}`, k]));
    const dependents = notReady(failing.objects).filter((o) => condition(o, 'Ready')?.reason === 'DependencyNotReady');
    expect(dependents.length).toBeGreaterThan(0);
    for (const k of dependents) {
      const dep = str(at(k, 'spec', 'dependsOn', 0, 'name'));
      const target = byKey.get(`${namespace(k) ?? ''}/${dep ?? ''}`);
      expect(target, `${name(k)} depends on ${dep ?? '?'}`).toBeDefined();
      expect(condition(target as KubeObject, 'Ready')?.status).toBe('False');
    }
  });

  it('fails every ArtifactFailed Kustomization because its GitRepository failed authentication', () => {
    const repos = new Map(ofKind(failing.objects, 'GitRepository').map((g) => [`${namespace(g) ?? ''}/${name(g)}`, g]));
    const artifact = notReady(failing.objects).filter((o) => condition(o, 'Ready')?.reason === 'ArtifactFailed');
    expect(artifact.length).toBeGreaterThan(0);
    for (const k of artifact) {
      const src = repos.get(`${namespace(k) ?? ''}/${str(at(k, 'spec', 'sourceRef', 'name')) ?? ''}`);
      expect(condition(src as KubeObject, 'Ready')?.reason).toBe('AuthenticationFailed');
    }
  });

  it('leaves one Warning event per root cause, naming a failing object', () => {
    const events = ofKind(failing.objects, 'Event');
    const failed = new Set(notReady(failing.objects).map((o) => `${String(o.kind)}/${namespace(o) ?? ''}/${name(o)}`));
    expect(events.length).toBeGreaterThan(0);
    for (const e of events) {
      expect(at(e, 'type')).toBe('Warning');
      expect(failed).toContain(`${str(at(e, 'involvedObject', 'kind')) ?? ''}/${str(at(e, 'involvedObject', 'namespace')) ?? ''}/${str(at(e, 'involvedObject', 'name')) ?? ''}`);
    }
  });

  it('labels the operator and the controllers as the checks select them', () => {
    const deployments = ofKind(healthy.objects, 'Deployment');
    const operator = deployments.filter((d) => labels(d)['app.kubernetes.io/name'] === 'flux-operator');
    expect(operator.map((d) => `${namespace(d) ?? ''}/${name(d)}`)).toEqual(['flux-system/flux-operator']);
    const controllers = deployments.filter((d) => labels(d)['app.kubernetes.io/part-of'] === 'flux').map(name).sort();
    expect(controllers).toEqual(['helm-controller', 'kustomize-controller', 'notification-controller', 'source-controller']);
    const pods = ofKind(healthy.objects, 'Pod').filter((p) => labels(p)['app.kubernetes.io/part-of'] === 'flux');
    expect(pods).toHaveLength(4);
    expect(pods.every((p) => at(p, 'status', 'phase') === 'Running')).toBe(true);
  });

  it('has a FluxInstance and a FluxReport named flux in flux-system, both Ready', () => {
    for (const kind of ['FluxInstance', 'FluxReport']) {
      const objs = ofKind(healthy.objects, kind);
      expect(objs.map((o) => `${namespace(o) ?? ''}/${name(o)}`)).toEqual(['flux-system/flux']);
      expect(condition(objs[0] as KubeObject, 'Ready')?.status).toBe('True');
    }
  });

  it("reports the fleet's failing Kustomizations in the FluxReport", () => {
    const report = ofKind(failing.objects, 'FluxReport')[0] as KubeObject;
    const stats = (at(report, 'spec', 'reconcilers') as unknown[]).find((r) => at(r, 'kind') === 'Kustomization');
    const failingKs = notReady(ofKind(failing.objects, 'Kustomization')).length;
    expect(at(stats, 'stats', 'failing')).toBe(failingKs);
    expect(at(stats, 'stats', 'running')).toBe(ofKind(failing.objects, 'Kustomization').length - failingKs);
  });

  it('is deterministic for a seed and differs across seeds', async () => {
    await generate({ objects: 2000, failures: 0, seed: 7, out: path.join(dir, 'again.yaml') });
    await generate({ objects: 2000, failures: 0, seed: 8, out: path.join(dir, 'other.yaml') });
    const a = fs.readFileSync(path.join(dir, 'healthy.yaml'));
    expect(fs.readFileSync(path.join(dir, 'again.yaml')).equals(a)).toBe(true);
    expect(fs.readFileSync(path.join(dir, 'other.yaml')).equals(a)).toBe(false);
  });

  it('never repeats a name within a kind and namespace', () => {
    const seen = new Set<string>();
    for (const o of failing.objects) {
      const key = `${String(o.kind)}/${namespace(o) ?? ''}/${name(o)}`;
      expect(seen.has(key), key).toBe(false);
      seen.add(key);
    }
  });

  it('refuses sizes too small for the control plane or for the requested failures', () => {
    expect(() => generateFleet({ objects: 20, failures: 0, seed: 1 })).toThrow(/too small/);
    expect(() => generateFleet({ objects: 200, failures: 500, seed: 1 })).toThrow(/do not fit|too small/);
  });

  it('parses its command line', () => {
    expect(parseGenerateArgs(['--objects', '5000', '--out', 'f.yaml'])).toEqual({ objects: 5000, failures: 0, seed: 1, out: 'f.yaml' });
    expect(parseGenerateArgs(['--objects', 'many', '--out', 'f.yaml'])).toMatch(/non-negative integer/);
    expect(parseGenerateArgs(['--objects', '10'])).toMatch(/usage/);
    expect(parseGenerateArgs(['--bogus', '1'])).toMatch(/unknown option/);
  });

  async function validate(file: string): Promise<Report> {
    const opts: ValidateOptions = { command: 'validate', contexts: [], allContexts: false, output: 'json', snapshot: file, timeoutSeconds: 60, probeUi: false, noColor: true };
    return reportFor(await snapshotState(opts));
  }

  it('validates as healthy when no failures are requested: every object is consistent with its sources', async () => {
    const report = await validate(path.join(dir, 'healthy.yaml'));
    const findings = report.checks.flatMap((c) => c.findings).filter((f) => f.severity !== 'info');
    expect(findings).toEqual([]);
    expect(report.verdict).toBe('healthy');
  });

  it('serves every Flux CRD of its release, so none of those kinds is reported as not installed', async () => {
    const report = await validate(path.join(dir, 'healthy.yaml'));
    // The fleet leaves out the optional image automation and source-watcher controllers (scripts/fleet/crds.ts).
    const served = FLEET_KINDS.map((k) => k.kind);
    const notInstalled = report.checks.flatMap((c) => c.findings).filter((f) => f.reason === 'CRDNotInstalled');
    expect(notInstalled.filter((f) => served.some((k) => f.message.startsWith(`${k} CRD`)))).toEqual([]);
  });

  it('validates as failed when failures are injected, with the source failures among the root causes', async () => {
    const report = await validate(path.join(dir, 'failing.yaml'));
    expect(report.verdict).toBe('failed');
    expect(report.rootCauses.some((r) => r.resource.kind === 'GitRepository' && r.reason === 'AuthenticationFailed' && r.consequenceCount > 0)).toBe(true);
  });

  it('runs as a command and prints a JSON summary', async () => {
    const out = path.join(dir, 'cli.yaml');
    const r = await execa('node', ['build/run-ts.mjs', 'scripts/fleet/generate.ts', '--objects', '1500', '--failures', '10', '--seed', '3', '--out', out], { reject: false });
    expect(r.exitCode).toBe(0);
    const summary = JSON.parse(r.stdout) as { objects: number; failing: number };
    expect(summary.objects).toBe(1500);
    expect(summary.failing).toBe(10);
    expect(fs.existsSync(out.replace(/\.yaml$/, '.side.yaml'))).toBe(true);
  });
});
