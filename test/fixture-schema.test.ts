// Recorded-cluster scenarios stay realistic: every Flux object validates against the real Flux CRD schema
// for its apiVersion (status included), every scenario and side file parses, and each scenario says in its
// header what it is and what the validator should report.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseFixture, parseSide, sidePathFor } from '../skill-src/cluster/fixture.js';
import type { KubeObject } from '../skill-src/kube/types.js';
import { crdVersions, validate, type CrdVersion, type Schema } from './helpers/openapi.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const SCENARIO_DIR = path.join(ROOT, 'test', 'fixtures', 'scenarios');
const REAL_DIR = path.join(ROOT, 'test', 'fixtures', 'real');
const CRD_DIRS = [path.join(ROOT, 'test', 'crds', 'flux'), path.join(ROOT, 'test', 'crds', 'flux-v2.7.5')];
// Flux Operator CRDs are AGPL-3.0 and not vendored; they are read from the reference checkout where present.
// The Flux Operator CRDs are AGPL-3.0 and not vendored: FLUX_OPERATOR_CRD_DIR names a folder holding them (the
// fluxinstances and fluxreports CRD YAML of a flux-operator release); the default is a reference folder beside the checkout.
const OPERATOR_CRD_DIR = process.env.FLUX_OPERATOR_CRD_DIR ?? path.join(ROOT, '..', 'shared', 'reference', 'crds', 'flux-operator');
const RECORDED_AT = '2026-11-25T10:00:00.000Z';

/** The scenarios the recorded-cluster issue asks for; more may exist. */
const REQUIRED = [
  'healthy',
  'operator-not-installed',
  'operator-crashloop',
  'operator-imagepull',
  'instance-not-ready-health-timeout',
  'instance-stalled-build-failed',
  'instance-reconcile-disabled',
  'fluxreport-missing',
  'controller-missing',
  'controller-image-drift',
  'git-auth-failure',
  'oci-pull-failure',
  'helmrepository-index-failure',
  'kustomization-build-failure',
  'kustomization-health-check-failure',
  'dependency-chain',
  'suspended',
  'stale-status',
  'revision-lag',
  'helmrelease-stalled-retries',
  'helmrelease-upgrade-failed-drift',
  'ui-service-missing',
  'ui-starting-503',
  'ui-sso-401',
  'access-one-namespace',
  'api-unreachable',
  'invalid-token',
  'api-timeouts',
  'older-flux-v1beta2',
  'many-namespaces-pagination',
  'hostile-text',
];

/** Groups whose objects must match a vendored CRD. */
const FLUX_GROUPS = ['source.toolkit.fluxcd.io', 'kustomize.toolkit.fluxcd.io', 'helm.toolkit.fluxcd.io', 'notification.toolkit.fluxcd.io'];

function loadCrds(dirs: string[]): CrdVersion[] {
  return dirs
    .filter((d) => fs.existsSync(d))
    .flatMap((d) => fs.readdirSync(d).filter((f) => f.endsWith('.yaml')).map((f) => path.join(d, f)))
    .flatMap((f) => crdVersions(fs.readFileSync(f, 'utf8')));
}

/** The first directory that serves group/version for kind wins: current CRDs before the v2.7.5 ones. */
function schemaFor(crds: CrdVersion[], apiVersion: string, kind: string): Schema | undefined {
  const [group, version] = apiVersion.split('/');
  return crds.find((c) => c.group === group && c.version === version && c.kind === kind && c.served)?.schema;
}

interface Loaded {
  name: string;
  text: string;
  objects: KubeObject[];
  sideText?: string;
}

const scenarioNames = fs.existsSync(SCENARIO_DIR)
  ? fs
      .readdirSync(SCENARIO_DIR)
      .filter((f) => f.endsWith('.yaml') && !f.endsWith('.side.yaml'))
      .map((f) => f.replace(/\.yaml$/, ''))
      .sort()
  : [];

function load(name: string): Loaded {
  const file = path.join(SCENARIO_DIR, `${name}.yaml`);
  const text = fs.readFileSync(file, 'utf8');
  const sidePath = sidePathFor(file);
  const sideText = fs.existsSync(sidePath) ? fs.readFileSync(sidePath, 'utf8') : undefined;
  const loaded: Loaded = { name, text, objects: parseFixture(text, sideText, `${name}.yaml`).objects };
  if (sideText !== undefined) loaded.sideText = sideText;
  return loaded;
}

const fluxCrds = loadCrds(CRD_DIRS);
const operatorCrds = loadCrds([OPERATOR_CRD_DIR]);
const OPERATOR_SKIP = `no Flux Operator CRDs in ${OPERATOR_CRD_DIR}: set FLUX_OPERATOR_CRD_DIR to a folder with the fluxinstances and fluxreports CRDs of a flux-operator release`;
if (operatorCrds.length === 0) console.warn(`skipping the FluxInstance/FluxReport schema test of every scenario: ${OPERATOR_SKIP}`);

function label(o: KubeObject): string {
  const meta = o.metadata ?? {};
  const ns = typeof meta.namespace === 'string' ? `${meta.namespace}/` : '';
  return `${String(o.kind)} ${ns}${String(meta.name)} (${String(o.apiVersion)})`;
}

function schemaErrors(objects: KubeObject[], crds: CrdVersion[], groups: (g: string) => boolean): string[] {
  const errors: string[] = [];
  for (const o of objects) {
    const apiVersion = String(o.apiVersion);
    if (!groups(apiVersion.split('/')[0] ?? '')) continue;
    const schema = schemaFor(crds, apiVersion, String(o.kind));
    if (!schema) {
      errors.push(`${label(o)}: no CRD serves this kind at this version`);
      continue;
    }
    errors.push(...validate(o, schema).map((e) => `${label(o)} ${e}`));
  }
  return errors;
}

/** Every string in obj that looks like an RFC 3339 time. */
function timestamps(v: unknown, out: string[] = []): string[] {
  if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/.test(v)) out.push(v);
  else if (Array.isArray(v)) v.forEach((x) => timestamps(x, out));
  else if (typeof v === 'object' && v !== null) Object.values(v).forEach((x) => timestamps(x, out));
  return out;
}

describe('the OpenAPI validator', () => {
  const schema: Schema = {
    type: 'object',
    required: ['spec'],
    properties: {
      spec: {
        type: 'object',
        properties: {
          interval: { type: 'string', pattern: '^([0-9]+(\\.[0-9]+)?(ms|s|m|h))+$' },
          mode: { type: 'string', enum: ['enabled', 'disabled'] },
          port: { 'x-kubernetes-int-or-string': true },
          at: { type: 'string', format: 'date-time' },
          items: { type: 'array', items: { type: 'integer' } },
          labels: { type: 'object', additionalProperties: { type: 'string' } },
          values: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
        },
      },
    },
  };

  it('accepts a valid object', () => {
    const ok = { spec: { interval: '10m', mode: 'enabled', port: 'http', at: '2026-11-25T09:00:00Z', items: [1, 2], labels: { a: 'b' }, values: { any: { thing: [1] } } } };
    expect(validate(ok, schema)).toEqual([]);
    expect(validate({ spec: { port: 8080 } }, schema)).toEqual([]);
  });

  it('reports each kind of violation with its path', () => {
    expect(validate({}, schema)).toEqual(['(root): missing required field spec']);
    expect(validate({ spec: { interval: 'ten minutes' } }, schema)[0]).toMatch(/^\.spec\.interval: .* does not match/);
    expect(validate({ spec: { mode: 'on' } }, schema)[0]).toMatch(/^\.spec\.mode: "on" is not one of/);
    expect(validate({ spec: { port: true } }, schema)[0]).toMatch(/^\.spec\.port: expected an integer or a string/);
    expect(validate({ spec: { at: 'yesterday' } }, schema)[0]).toMatch(/^\.spec\.at: .* not an RFC 3339/);
    expect(validate({ spec: { items: [1, 'two'] } }, schema)[0]).toMatch(/^\.spec\.items\[1\]: expected integer/);
    expect(validate({ spec: { labels: { a: 1 } } }, schema)[0]).toMatch(/^\.spec\.labels\.a: expected string/);
    expect(validate({ spec: { typo: 1 } }, schema)[0]).toMatch(/^\.spec\.typo: unknown field/);
  });

  it('rejects an unquoted YAML timestamp where a string is expected', () => {
    expect(validate({ spec: { at: new Date('2026-11-25T09:00:00Z') } }, schema)[0]).toMatch(/YAML timestamp/);
  });

  it('catches a realistic mistake against a real Flux CRD', () => {
    const gitrepo = fluxCrds.find((c) => c.kind === 'GitRepository' && c.version === 'v1');
    expect(gitrepo).toBeDefined();
    const obj = {
      apiVersion: 'source.toolkit.fluxcd.io/v1',
      kind: 'GitRepository',
      metadata: { name: 'x', namespace: 'flux-system' },
      spec: { interval: '10m', url: 'https://example.com/repo.git', ref: { branch: 'main' } },
      status: { conditions: [{ type: 'Ready', status: 'True', reason: 'Succeeded', message: '', lastTransitionTime: '2026-11-25T09:00:00Z' }], observedGeneration: 1 },
    };
    expect(validate(obj, gitrepo?.schema ?? {})).toEqual([]);
    const broken = { ...obj, status: { ...obj.status, conditions: [{ ...obj.status.conditions[0], status: 'Yes' }] } };
    expect(validate(broken, gitrepo?.schema ?? {}).join('\n')).toMatch(/\.status\.conditions\[0\]\.status: "Yes" is not one of/);
  });
});

describe('recorded-cluster scenarios', () => {
  it('include every scenario the recorded-cluster issue asks for', () => {
    expect(REQUIRED.filter((n) => !scenarioNames.includes(n))).toEqual([]);
  });

  it('vendored CRDs cover the current and the deprecated Flux versions', () => {
    const served = new Set(fluxCrds.filter((c) => c.served).map((c) => `${c.kind}@${c.version}`));
    for (const v of ['GitRepository@v1', 'GitRepository@v1beta2', 'Kustomization@v1beta2', 'HelmRelease@v2', 'HelmRelease@v2beta2', 'Alert@v1beta3', 'Receiver@v1']) {
      expect(served.has(v), v).toBe(true);
    }
  });

  for (const name of scenarioNames) {
    describe(name, () => {
      const s = load(name);

      it('starts with a comment header naming the scenario and the expected report', () => {
        const lines = s.text.split('\n');
        const end = lines.findIndex((l) => !l.startsWith('#'));
        const header = end === -1 ? lines : lines.slice(0, end);
        expect(header.length).toBeGreaterThanOrEqual(2);
        expect(header[0]).toMatch(new RegExp(`^# Scenario: ${name}\\b`));
        expect(header.join('\n')).toMatch(/Expect: /);
      });

      it('has a side file that parses, recorded at the common recording time', () => {
        expect(s.sideText, `${name}.side.yaml`).toBeDefined();
        const side = parseSide(s.sideText ?? '', name);
        expect(side.recordedAt).toBe(RECORDED_AT);
      });

      it('has no timestamp after the recording time', () => {
        const late = s.objects.flatMap((o) => timestamps(o).filter((t) => Date.parse(t) > Date.parse(RECORDED_AT)).map((t) => `${label(o)}: ${t}`));
        expect(late).toEqual([]);
      });

      it('every Flux object validates against the Flux CRD schema for its apiVersion', () => {
        expect(schemaErrors(s.objects, fluxCrds, (g) => FLUX_GROUPS.includes(g))).toEqual([]);
      });

      it.skipIf(operatorCrds.length === 0)(`FluxInstance and FluxReport validate against the Flux Operator CRDs${operatorCrds.length === 0 ? ` (skipped: ${OPERATOR_SKIP})` : ''}`, () => {
        expect(schemaErrors(s.objects, operatorCrds, (g) => g === 'fluxcd.controlplane.io')).toEqual([]);
      });
    });
  }
});

/** Real-world cases (test/fixtures/real/): each recorded at its own time, from Flux releases of any era. */
const realNames = fs.existsSync(REAL_DIR)
  ? fs
      .readdirSync(REAL_DIR)
      .filter((f) => f.endsWith('.yaml') && !f.endsWith('.side.yaml') && !f.endsWith('.expect.yaml') && f !== 'known-gaps.yaml')
      .map((f) => f.replace(/\.yaml$/, ''))
      .sort()
  : [];

function loadReal(name: string): Loaded {
  const file = path.join(REAL_DIR, `${name}.yaml`);
  const text = fs.readFileSync(file, 'utf8');
  const sidePath = sidePathFor(file);
  const sideText = fs.existsSync(sidePath) ? fs.readFileSync(sidePath, 'utf8') : undefined;
  const loaded: Loaded = { name, text, objects: parseFixture(text, sideText, `${name}.yaml`).objects };
  if (sideText !== undefined) loaded.sideText = sideText;
  return loaded;
}

/** group/version of each kind present that no vendored CRD serves (older Flux releases), e.g. HelmRelease@helm.toolkit.fluxcd.io/v2beta1. */
function unvendored(objects: KubeObject[], crds: CrdVersion[], groups: (g: string) => boolean): string[] {
  const missing = new Set<string>();
  for (const o of objects) {
    const apiVersion = String(o.apiVersion);
    if (groups(apiVersion.split('/')[0] ?? '') && !schemaFor(crds, apiVersion, String(o.kind))) missing.add(`${String(o.kind)}@${apiVersion}`);
  }
  return [...missing].sort();
}

function withSchema(objects: KubeObject[], crds: CrdVersion[]): KubeObject[] {
  return objects.filter((o) => schemaFor(crds, String(o.apiVersion), String(o.kind)) !== undefined);
}

describe('real-world corpus cases', () => {
  for (const name of realNames) {
    describe(name, () => {
      const s = loadReal(name);
      const recordedAt = s.sideText === undefined ? undefined : parseSide(s.sideText, name).recordedAt;

      it('has a side file with its recording time, and no timestamp after it', () => {
        expect(recordedAt, `${name}.side.yaml recordedAt`).toBeDefined();
        const late = s.objects.flatMap((o) => timestamps(o).filter((t) => Date.parse(t) > Date.parse(recordedAt ?? '')).map((t) => `${label(o)}: ${t}`));
        expect(late).toEqual([]);
      });

      const fluxGroup = (g: string): boolean => FLUX_GROUPS.includes(g);
      const missing = unvendored(s.objects, fluxCrds, fluxGroup);
      // The vendored CRDs are those of current Flux and v2.7.5; a Flux 0.x release served older schemas under the
      // same version names (artifact.checksum before artifact.digest), so its objects cannot be checked against them.
      const release = /^# Flux release: (v\d+)\./m.exec(s.text)?.[1];
      const preV2 = release === 'v0';
      it.skipIf(preV2)(`Flux objects whose apiVersion a vendored CRD serves validate against it${preV2 ? ' (skipped: a Flux 0.x release, whose CRD schemas are not vendored)' : ''}`, () => {
        const checked = withSchema(s.objects, fluxCrds);
        expect(schemaErrors(checked, fluxCrds, fluxGroup)).toEqual([]);
      });
      // Older releases serve versions no vendored CRD has (test/crds holds current Flux and v2.7.5): say which.
      it.skipIf(missing.length > 0)(`every Flux object has a vendored CRD${missing.length > 0 ? ` (not vendored, so not checked: ${missing.join(', ')})` : ''}`, () => {
        expect(missing).toEqual([]);
      });

      it.skipIf(operatorCrds.length === 0)('FluxInstance and FluxReport validate against the Flux Operator CRDs', () => {
        expect(schemaErrors(s.objects, operatorCrds, (g) => g === 'fluxcd.controlplane.io')).toEqual([]);
      });
    });
  }
});
