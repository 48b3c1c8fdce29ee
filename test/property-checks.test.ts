// Property-based: random and mutated Kubernetes objects, input failures and connection states, fed through
// every check (runChecks), the report builder and all renderers in-process. No check crashes, no exception
// escapes, every finding has its required fields, JSON parses, and text output stays free of control characters.
import fs from 'node:fs';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { CHECKS } from '../skill-src/checks/registry.js';
import { collect } from '../skill-src/cluster/collect.js';
import { FixtureApi, fixtureUiProbe } from '../skill-src/cluster/fixture-api.js';
import { parseFixture, sidePathFor } from '../skill-src/cluster/fixture.js';
import { INPUTS, type InputId } from '../skill-src/cluster/inputs.js';
import type { ClusterState, InputErrorCode, InputResult, UiProbe } from '../skill-src/cluster/state.js';
import type { KubeObject } from '../skill-src/kube/types.js';
import type { Finding, Report, ResourceRef } from '../skill-src/model.js';
import { renderFleet } from '../skill-src/render/fleet.js';
import { renderJson } from '../skill-src/render/json.js';
import { renderMarkdown } from '../skill-src/render/markdown.js';
import { renderText } from '../skill-src/render/text.js';
import { buildReport } from '../skill-src/report/build.js';
import { runChecks } from '../skill-src/report/run-checks.js';
import { CHECK_IDS, HEALTHY, HOSTILE_SCENARIO, HOSTILE_TEXTS, PROPERTIES, PROPERTY_RUNS } from './helpers/hostile.js';

const INPUT_IDS = Object.keys(INPUTS) as InputId[];
const SEVERITIES = new Set(['error', 'warning', 'info']);
const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

async function stateOf(file: string): Promise<ClusterState> {
  const side = sidePathFor(file);
  const fixture = parseFixture(fs.readFileSync(file, 'utf8'), fs.existsSync(side) ? fs.readFileSync(side, 'utf8') : undefined, file);
  return collect(new FixtureApi(fixture), {
    mode: 'snapshot',
    context: 'property',
    server: 'snapshot:property',
    needs: new Set(INPUT_IDS),
    deadline: Date.now() + 30_000,
    probeUi: true,
    uiProbe: fixtureUiProbe(fixture),
    clock: () => Date.parse(fixture.side.recordedAt ?? '') || Date.now(),
  });
}

const clone = <T>(v: T): T => structuredClone(v);

function expectRef(r: ResourceRef, where: string): void {
  expect(typeof r.kind, `${where}: resource.kind`).toBe('string');
  expect(typeof r.name, `${where}: resource.name`).toBe('string');
  if (r.namespace !== undefined) expect(typeof r.namespace, `${where}: resource.namespace`).toBe('string');
}

function expectFinding(f: Finding, where: string): void {
  expect(SEVERITIES.has(f.severity), `${where}: severity ${String(f.severity)}`).toBe(true);
  expectRef(f.resource, where);
  expect(typeof f.reason === 'string' && f.reason.length > 0, `${where}: reason`).toBe(true);
  expect(typeof f.message, `${where}: message`).toBe('string');
  expect(typeof f.hint === 'string' && f.hint.length > 0, `${where}: hint`).toBe(true);
  if (f.rootCause !== undefined) expectRef(f.rootCause, `${where} rootCause`);
}

/** The whole pipeline over one state, with every invariant checked. */
function checkPipeline(state: ClusterState): void {
  const results = runChecks(state, CHECKS);
  expect(results.map((r) => r.id)).toEqual([...CHECK_IDS]);
  const crashed = results.flatMap((r) => r.findings).filter((f) => f.reason === 'CheckCrashed');
  expect(crashed.map((f) => f.message)).toEqual([]);
  for (const r of results) r.findings.forEach((f, i) => expectFinding(f, `${r.id}[${i}]`));
  const report: Report = buildReport(state, results);
  expect(report.summary.errors + report.summary.warnings + report.summary.infos).toBe(results.reduce((n, r) => n + r.findings.length, 0));
  for (const c of report.rootCauses) expectRef(c.resource, 'rootCause');
  const text = renderText(report, { color: false });
  expect(text).not.toMatch(RAW_CONTROL);
  expect(renderText(report, { color: true }).replace(/\u001b\[[0-9;]*m/g, '')).not.toMatch(RAW_CONTROL);
  const markdown = renderMarkdown(report);
  expect(markdown).not.toMatch(RAW_CONTROL);
  expect(markdown.split('\n').filter((l) => /^\s{0,3}(`{3,}|~{3,})/.test(l))).toEqual([]);
  const json = JSON.parse(renderJson(report)) as { checks: unknown[] };
  expect(json.checks).toHaveLength(CHECK_IDS.length);
  expect(() => JSON.parse(renderFleet([report, report], 'json', false))).not.toThrow();
  renderFleet([report, report], 'markdown', false);
  renderFleet([report, report], 'text', true);
}

// ---------------------------------------------------------------------------------------------------------
// Mutations of real objects

type Path = (string | number)[];

/** Every node below an object (depth-first), so a mutation can land anywhere, the root's children included. */
function pathsOf(value: unknown, prefix: Path = [], out: Path[] = []): Path[] {
  if (Array.isArray(value)) value.forEach((v, i) => (out.push([...prefix, i]), pathsOf(v, [...prefix, i], out)));
  else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) (out.push([...prefix, k]), pathsOf(v, [...prefix, k], out));
  return out;
}

function parentOf(root: unknown, p: Path): Record<string | number, unknown> | undefined {
  let cur: unknown = root;
  for (const key of p.slice(0, -1)) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string | number, unknown>)[key];
  }
  return cur !== null && typeof cur === 'object' ? (cur as Record<string | number, unknown>) : undefined;
}

type Op = { kind: 'delete' } | { kind: 'set'; value: unknown } | { kind: 'wrap' } | { kind: 'stringify' } | { kind: 'emptyObject' };

const hostileString = fc.constantFrom(...HOSTILE_TEXTS.map((h) => h.text));
const oddValue = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  hostileString,
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.constantFrom(null, '', 0, -1, 1e308, -0, true, false, [], {}, 'True', 'False', 'Unknown', 'Ready', '2026-11-25T09:00:00Z', 'not-a-date', '5m', '-1s'),
  fc.string({ maxLength: 3000 }),
);
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.constant<Op>({ kind: 'delete' }),
  oddValue.map((value): Op => ({ kind: 'set', value })),
  fc.constant<Op>({ kind: 'wrap' }),
  fc.constant<Op>({ kind: 'stringify' }),
  fc.constant<Op>({ kind: 'emptyObject' }),
);
const mutation = fc.record({ object: fc.nat(), at: fc.nat(), op });

function applyMutation(state: ClusterState, m: { object: number; at: number; op: Op }): void {
  const targets: KubeObject[] = [];
  for (const id of INPUT_IDS) {
    const r = state.inputs[id];
    if (r?.ok) targets.push(...r.items);
  }
  const obj = targets[m.object % Math.max(1, targets.length)];
  if (!obj) return;
  const paths = pathsOf(obj);
  const p = paths[m.at % Math.max(1, paths.length)];
  if (!p) return;
  const parent = parentOf(obj, p);
  const key = p[p.length - 1];
  if (!parent || key === undefined) return;
  const current = parent[key];
  switch (m.op.kind) {
    case 'delete':
      if (Array.isArray(parent) && typeof key === 'number') parent.splice(key, 1);
      else delete parent[key];
      break;
    case 'set':
      parent[key] = clone(m.op.value);
      break;
    case 'wrap':
      parent[key] = [current];
      break;
    case 'stringify':
      parent[key] = JSON.stringify(current) ?? 'undefined';
      break;
    case 'emptyObject':
      parent[key] = {};
      break;
  }
}

// ---------------------------------------------------------------------------------------------------------
// Random objects and states

const FLUX_KINDS = ['FluxInstance', 'FluxReport', 'GitRepository', 'OCIRepository', 'HelmRepository', 'HelmChart', 'Bucket', 'Kustomization', 'HelmRelease', 'Receiver', 'Alert', 'Provider'];
const condition = fc.record(
  {
    type: fc.oneof(fc.constantFrom('Ready', 'Stalled', 'Reconciling', 'Healthy', 'Released', 'TestSuccess', 'Available', 'Progressing', 'ArtifactInStorage'), fc.jsonValue({ maxDepth: 1 })),
    status: fc.oneof(fc.constantFrom('True', 'False', 'Unknown'), fc.jsonValue({ maxDepth: 1 })),
    reason: fc.oneof(fc.string({ maxLength: 30 }), hostileString, fc.jsonValue({ maxDepth: 1 })),
    message: fc.oneof(fc.string({ maxLength: 200 }), hostileString, fc.jsonValue({ maxDepth: 1 })),
    observedGeneration: fc.oneof(fc.integer({ min: -2, max: 5 }), fc.jsonValue({ maxDepth: 1 })),
    lastTransitionTime: fc.oneof(fc.date({ noInvalidDate: true, min: new Date('2020-01-01'), max: new Date('2030-01-01') }).map((d) => d.toISOString()), fc.string({ maxLength: 10 })),
  },
  { requiredKeys: [] },
);
const randomObject: fc.Arbitrary<KubeObject> = fc
  .record(
    {
      apiVersion: fc.oneof(fc.constantFrom('v1', 'apps/v1', 'source.toolkit.fluxcd.io/v1', 'kustomize.toolkit.fluxcd.io/v1', 'helm.toolkit.fluxcd.io/v2', 'fluxcd.controlplane.io/v1', 'x/v9'), fc.jsonValue({ maxDepth: 1 })),
      kind: fc.oneof(fc.constantFrom(...FLUX_KINDS, 'Deployment', 'Pod', 'Service', 'EndpointSlice', 'Event'), fc.jsonValue({ maxDepth: 1 })),
      metadata: fc.oneof(
        fc.record(
          {
            name: fc.oneof(fc.constantFrom('flux', 'flux-system', 'apps', 'flux-operator', 'source-controller'), fc.string({ maxLength: 20 }), hostileString, fc.jsonValue({ maxDepth: 1 })),
            namespace: fc.oneof(fc.constantFrom('flux-system', 'apps'), fc.string({ maxLength: 10 }), fc.jsonValue({ maxDepth: 1 })),
            labels: fc.oneof(fc.dictionary(fc.constantFrom('app.kubernetes.io/name', 'app.kubernetes.io/part-of', 'app', 'x'), fc.constantFrom('flux-operator', 'flux', 'x')), fc.jsonValue({ maxDepth: 2 })),
            annotations: fc.oneof(fc.dictionary(fc.string({ maxLength: 30 }), fc.oneof(fc.string({ maxLength: 30 }), hostileString)), fc.jsonValue({ maxDepth: 2 })),
            generation: fc.oneof(fc.integer({ min: -1, max: 5 }), fc.jsonValue({ maxDepth: 1 })),
            deletionTimestamp: fc.string({ maxLength: 25 }),
          },
          { requiredKeys: [] },
        ),
        fc.jsonValue({ maxDepth: 2 }),
      ),
      spec: fc.oneof(fc.jsonValue({ maxDepth: 3 }), fc.record({ suspend: fc.jsonValue({ maxDepth: 1 }), dependsOn: fc.jsonValue({ maxDepth: 2 }), sourceRef: fc.jsonValue({ maxDepth: 2 }), interval: fc.string({ maxLength: 8 }) }, { requiredKeys: [] })),
      status: fc.oneof(fc.jsonValue({ maxDepth: 3 }), fc.record({ conditions: fc.oneof(fc.array(condition, { maxLength: 4 }), fc.jsonValue({ maxDepth: 2 })), observedGeneration: fc.jsonValue({ maxDepth: 1 }) }, { requiredKeys: [] })),
      involvedObject: fc.jsonValue({ maxDepth: 2 }),
      type: fc.constantFrom('Warning', 'Normal'),
      reason: fc.oneof(fc.string({ maxLength: 20 }), hostileString),
      message: fc.oneof(fc.string({ maxLength: 100 }), hostileString),
    },
    { requiredKeys: [] },
  )
  .map((o) => o as unknown as KubeObject);

const ERROR_CODES: InputErrorCode[] = ['forbidden', 'unauthorized', 'not-served', 'timeout', 'unreachable', 'tls', 'server-error', 'bad-response'];
const inputError = fc.record({ code: fc.constantFrom(...ERROR_CODES), message: fc.oneof(fc.string({ maxLength: 80 }), hostileString), status: fc.option(fc.integer({ min: 100, max: 599 }), { nil: undefined }) });
const inputResult = (healthy: InputResult | undefined): fc.Arbitrary<InputResult | undefined> =>
  fc.oneof(
    fc.constant(healthy ? clone(healthy) : undefined),
    fc.constant(undefined),
    inputError.map((e): InputResult => ({ ok: false, error: e.status === undefined ? { code: e.code, message: e.message } : { code: e.code, message: e.message, status: e.status } })),
    fc.record({ items: fc.array(randomObject, { maxLength: 3 }), narrowed: fc.option(fc.constantFrom('flux-system', 'apps'), { nil: undefined }) }).map(({ items, narrowed }): InputResult => (narrowed ? { ok: true, apiVersion: 'v1', items, narrowedTo: narrowed } : { ok: true, apiVersion: 'v1', items })),
  );
const uiProbe: fc.Arbitrary<UiProbe> = fc.oneof(
  fc.record({ probed: fc.constant(false as const), reason: fc.string({ maxLength: 40 }) }),
  fc.record(
    {
      probed: fc.constant(true as const),
      pod: fc.string({ maxLength: 20 }),
      rootStatus: fc.integer({ min: 100, max: 599 }),
      reportStatus: fc.integer({ min: 100, max: 599 }),
      reportIsJson: fc.boolean(),
      redirect: fc.oneof(fc.webUrl(), hostileString),
      error: fc.oneof(fc.string({ maxLength: 40 }), hostileString),
    },
    { requiredKeys: ['probed'] },
  ),
);

// ---------------------------------------------------------------------------------------------------------

let healthy: ClusterState;
let hostile: ClusterState;
beforeAll(async () => {
  [healthy, hostile] = await Promise.all([stateOf(HEALTHY), stateOf(HOSTILE_SCENARIO)]);
  // The bases themselves pass, so every failure below comes from a mutation.
  checkPipeline(healthy);
  checkPipeline(hostile);
});

describe('property: checks, report and renderers never crash', () => {
  it(PROPERTIES[0], () => {
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 8 }), (ms) => {
        const s = clone(healthy);
        for (const m of ms) applyMutation(s, m);
        checkPipeline(s);
      }),
      { numRuns: PROPERTY_RUNS },
    );
  });

  it(PROPERTIES[1], () => {
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 8 }), (ms) => {
        const s = clone(hostile);
        for (const m of ms) applyMutation(s, m);
        checkPipeline(s);
      }),
      { numRuns: PROPERTY_RUNS },
    );
  });

  it(PROPERTIES[2], () => {
    const inputs = fc.record(Object.fromEntries(INPUT_IDS.map((id) => [id, fc.array(randomObject, { maxLength: 4 })])) as Record<InputId, fc.Arbitrary<KubeObject[]>>);
    fc.assert(
      fc.property(inputs, (items) => {
        const s = clone(healthy);
        for (const id of INPUT_IDS) s.inputs[id] = { ok: true, apiVersion: 'v1', items: items[id] };
        checkPipeline(s);
      }),
      { numRuns: PROPERTY_RUNS },
    );
  });

  it(PROPERTIES[3], () => {
    const inputs = fc.record(Object.fromEntries(INPUT_IDS.map((id) => [id, inputResult(healthy.inputs[id])])) as Record<InputId, fc.Arbitrary<InputResult | undefined>>);
    const access = fc.array(
      fc.record({ verb: fc.constantFrom('list', 'create', 'get'), group: fc.constantFrom('', 'apps', 'source.toolkit.fluxcd.io', 'x'), resource: fc.constantFrom('pods', 'deployments', 'gitrepositories', 'secrets'), allowed: fc.boolean(), namespace: fc.option(fc.string({ maxLength: 10 }), { nil: undefined }), subresource: fc.option(fc.constant('portforward'), { nil: undefined }), error: fc.option(fc.string({ maxLength: 30 }), { nil: undefined }) }),
      { maxLength: 6 },
    );
    const connection = fc.record({
      version: fc.option(fc.oneof(fc.string({ maxLength: 12 }), hostileString), { nil: undefined }),
      error: fc.option(inputError.map((e) => ({ code: e.code, message: e.message })), { nil: undefined }),
      context: fc.oneof(fc.string({ maxLength: 20 }), hostileString),
    });
    const tools = fc.option(fc.array(fc.record({ name: fc.constantFrom('flux-operator' as const, 'flux-operator-mcp' as const), path: fc.option(fc.string({ maxLength: 20 }), { nil: undefined }), version: fc.option(fc.string({ maxLength: 10 }), { nil: undefined }), error: fc.option(hostileString, { nil: undefined }) }), { maxLength: 2 }), { nil: undefined });
    fc.assert(
      fc.property(
        fc.record({ inputs, access, connection, ui: uiProbe, tools, ns: fc.oneof(fc.constant('flux-system'), fc.string({ maxLength: 12 })), mode: fc.constantFrom('live' as const, 'snapshot' as const), nsSource: fc.constantFrom('flag' as const, 'label' as const, 'default' as const), now: fc.oneof(fc.constant(healthy.now), fc.constant('garbage')) }),
        (g) => {
          const s = clone(healthy);
          s.inputs = {};
          for (const id of INPUT_IDS) {
            const r = g.inputs[id];
            if (r) s.inputs[id] = r;
          }
          s.access = g.access.map((a) => Object.fromEntries(Object.entries(a).filter(([, v]) => v !== undefined)) as unknown as ClusterState['access'][number]);
          s.connection = { ...s.connection, context: g.connection.context };
          if (g.connection.version !== undefined) s.connection.version = g.connection.version;
          else delete s.connection.version;
          if (g.connection.error) s.connection.error = g.connection.error;
          s.ui = g.ui;
          if (g.tools) s.localTools = g.tools.map((t) => Object.fromEntries(Object.entries(t).filter(([, v]) => v !== undefined)) as unknown as NonNullable<ClusterState['localTools']>[number]);
          s.operatorNamespace = g.ns;
          s.mode = g.mode;
          s.namespaceSource = g.nsSource;
          s.now = g.now;
          checkPipeline(s);
        },
      ),
      { numRuns: PROPERTY_RUNS },
    );
  });
});
