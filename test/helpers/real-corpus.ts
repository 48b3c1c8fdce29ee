// The real-world corpus (test/fixtures/real/, format in test/fixtures/README.md): loading the cases, their expectations and
// the measured gaps, and comparing a JSON report with an expectation. The comparison names every way the report
// misses the expectation, so a test can assert an exact match or, for a known gap, that it still misses.
import fs from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';
import { parseSide, sidePathFor, type SideData } from '../../skill-src/cluster/fixture.js';
import { ROOT } from '../../build/paths.js';

export const REAL_DIR = path.join(ROOT, 'test', 'fixtures', 'real');
export const KNOWN_GAPS = path.join(REAL_DIR, 'known-gaps.yaml');

export interface Ref {
  kind: string;
  namespace?: string;
  name: string;
}

export interface Expectation {
  verdict: 'healthy' | 'degraded' | 'failed';
  exitCode: 0 | 1;
  firstRootCause: (Ref & { reason?: string }) | null;
  mustBeErrors: Ref[];
  mustNotBeErrors: Ref[];
  consequencesOf: Ref[];
  /** Workloads the first root cause must list, with their reason when given (the why behind the cause). */
  workloadsOfFirstRootCause: (Ref & { reason?: string })[];
  clusterCannotTell?: string;
}

export interface RealCase {
  name: string;
  fixture: string;
  side: SideData;
  expectPath: string;
  /** Faults only exist on the wire: such a case runs live only. */
  liveOnly: boolean;
}

/** Every case: NAME.yaml beside NAME.side.yaml and NAME.expect.yaml. */
export function realCases(): RealCase[] {
  if (!fs.existsSync(REAL_DIR)) return [];
  return fs
    .readdirSync(REAL_DIR)
    .filter((f) => f.endsWith('.yaml') && !f.endsWith('.side.yaml') && !f.endsWith('.expect.yaml') && f !== path.basename(KNOWN_GAPS))
    .sort()
    .map((f) => {
      const fixture = path.join(REAL_DIR, f);
      const sidePath = sidePathFor(fixture);
      const side = fs.existsSync(sidePath) ? parseSide(fs.readFileSync(sidePath, 'utf8'), f) : {};
      const name = f.replace(/\.yaml$/, '');
      return { name, fixture, side, expectPath: path.join(REAL_DIR, `${name}.expect.yaml`), liveOnly: (side.faults?.length ?? 0) > 0 };
    });
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function parseRef(v: unknown, where: string, allowReason: boolean): Ref & { reason?: string } {
  if (!isRecord(v) || typeof v.kind !== 'string' || typeof v.name !== 'string') throw new Error(`${where}: expected {kind, namespace?, name}`);
  const allowed = new Set(['kind', 'namespace', 'name', ...(allowReason ? ['reason'] : [])]);
  const extra = Object.keys(v).filter((k) => !allowed.has(k));
  if (extra.length > 0) throw new Error(`${where}: unknown field(s) ${extra.join(', ')}`);
  const ref: Ref & { reason?: string } = { kind: v.kind, name: v.name };
  if (typeof v.namespace === 'string') ref.namespace = v.namespace;
  if (allowReason && typeof v.reason === 'string') ref.reason = v.reason;
  return ref;
}

function parseRefs(v: unknown, where: string): Ref[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw new Error(`${where}: expected a list`);
  return v.map((x, i) => parseRef(x, `${where}[${i}]`, false));
}

const EXPECT_KEYS = new Set(['verdict', 'exitCode', 'firstRootCause', 'mustBeErrors', 'mustNotBeErrors', 'consequencesOf', 'workloadsOfFirstRootCause', 'clusterCannotTell']);

/** Parses NAME.expect.yaml strictly: a typo in a key would otherwise silently weaken the test. */
export function parseExpectation(text: string, where: string): Expectation {
  const doc: unknown = yaml.load(text);
  if (!isRecord(doc)) throw new Error(`${where}: not a mapping`);
  const unknown = Object.keys(doc).filter((k) => !EXPECT_KEYS.has(k));
  if (unknown.length > 0) throw new Error(`${where}: unknown key(s) ${unknown.join(', ')}`);
  const verdict = doc.verdict;
  if (verdict !== 'healthy' && verdict !== 'degraded' && verdict !== 'failed') throw new Error(`${where}: verdict must be healthy, degraded or failed`);
  const exitCode = doc.exitCode;
  if (exitCode !== 0 && exitCode !== 1) throw new Error(`${where}: exitCode must be 0 or 1`);
  if (!('firstRootCause' in doc)) throw new Error(`${where}: firstRootCause is required (null for a healthy cluster)`);
  const e: Expectation = {
    verdict,
    exitCode,
    firstRootCause: doc.firstRootCause === null ? null : parseRef(doc.firstRootCause, `${where} firstRootCause`, true),
    mustBeErrors: parseRefs(doc.mustBeErrors, `${where} mustBeErrors`),
    mustNotBeErrors: parseRefs(doc.mustNotBeErrors, `${where} mustNotBeErrors`),
    consequencesOf: parseRefs(doc.consequencesOf, `${where} consequencesOf`),
    workloadsOfFirstRootCause: Array.isArray(doc.workloadsOfFirstRootCause)
      ? doc.workloadsOfFirstRootCause.map((r, i) => parseRef(r, `${where} workloadsOfFirstRootCause[${i}]`, true))
      : parseRefs(doc.workloadsOfFirstRootCause, `${where} workloadsOfFirstRootCause`),
  };
  if (typeof doc.clusterCannotTell === 'string' && doc.clusterCannotTell !== '') e.clusterCannotTell = doc.clusterCannotTell;
  return e;
}

export function loadExpectation(c: RealCase): Expectation {
  return parseExpectation(fs.readFileSync(c.expectPath, 'utf8'), path.basename(c.expectPath));
}

/** known-gaps.yaml: NAME -> what the validator reports instead (measured). */
export function loadKnownGaps(): Map<string, string> {
  if (!fs.existsSync(KNOWN_GAPS)) return new Map();
  const doc: unknown = yaml.load(fs.readFileSync(KNOWN_GAPS, 'utf8'));
  if (doc === undefined || doc === null) return new Map();
  if (!isRecord(doc)) throw new Error('known-gaps.yaml: expected a mapping NAME: text');
  return new Map(Object.entries(doc).map(([k, v]) => [k, String(v)]));
}

interface JsonFinding {
  severity: string;
  resource: Ref;
  reason: string;
  rootCause?: Ref;
}

interface JsonReport {
  verdict: string;
  rootCauses: { resource: Ref; severity: string; reason: string; examples: Ref[]; workloads?: { resource: Ref; reason: string }[] }[];
  checks: { findings: JsonFinding[] }[];
}

function sameRef(a: Ref, b: Ref): boolean {
  return a.kind === b.kind && a.name === b.name && (a.namespace ?? '') === (b.namespace ?? '');
}

export function label(r: Ref): string {
  return `${r.kind} ${r.namespace ? `${r.namespace}/` : ''}${r.name}`;
}

/** Every way the report misses the expectation; empty when it meets it. */
export function mismatches(e: Expectation, stdout: string, exitCode: number): string[] {
  let report: JsonReport;
  try {
    report = JSON.parse(stdout) as JsonReport;
  } catch {
    return [`output is not JSON (exit ${exitCode})`];
  }
  const out: string[] = [];
  if (exitCode !== e.exitCode) out.push(`exit code ${exitCode}, expected ${e.exitCode}`);
  if (report.verdict !== e.verdict) out.push(`verdict ${report.verdict}, expected ${e.verdict}`);
  const roots = report.rootCauses ?? [];
  const first = roots[0];
  if (e.firstRootCause === null) {
    if (first) out.push(`first root cause ${label(first.resource)} (${first.reason}), expected none`);
  } else if (!first) {
    out.push(`no root cause, expected ${label(e.firstRootCause)}`);
  } else if (!sameRef(first.resource, e.firstRootCause) || (e.firstRootCause.reason !== undefined && first.reason !== e.firstRootCause.reason)) {
    out.push(`first root cause ${label(first.resource)} (${first.reason}), expected ${label(e.firstRootCause)}${e.firstRootCause.reason ? ` (${e.firstRootCause.reason})` : ''}`);
  }
  const errors = report.checks.flatMap((c) => c.findings).filter((f) => f.severity === 'error');
  // Warnings and infos (practices, hints) may name healthy objects; only an error root cause blames one.
  const errorRoots = roots.filter((x) => x.severity === 'error');
  for (const r of e.mustBeErrors) if (!errors.some((f) => sameRef(f.resource, r))) out.push(`no error finding for ${label(r)}`);
  for (const r of e.mustNotBeErrors) {
    const wrong = errors.find((f) => sameRef(f.resource, r));
    if (wrong) out.push(`error finding ${wrong.reason} for ${label(r)}, which the source shows healthy`);
    else if (errorRoots.some((x) => sameRef(x.resource, r))) out.push(`${label(r)} is listed as a root cause, but the source shows it healthy`);
  }
  for (const w of e.workloadsOfFirstRootCause) {
    const listed = first?.workloads?.find((x) => sameRef(x.resource, w));
    if (!listed) out.push(`${label(w)} is not listed as a workload of the first root cause`);
    else if (w.reason !== undefined && listed.reason !== w.reason) out.push(`workload ${label(w)} has reason ${listed.reason}, expected ${w.reason}`);
  }
  for (const r of e.consequencesOf) {
    if (errorRoots.some((x) => sameRef(x.resource, r))) out.push(`${label(r)} is a root cause of its own, expected a consequence of ${first ? label(first.resource) : 'the first root cause'}`);
    else if (!first) out.push(`${label(r)} is not grouped under any root cause`);
    else {
      const grouped = first.examples.some((x) => sameRef(x, r)) || errors.some((f) => sameRef(f.resource, r) && f.rootCause !== undefined && sameRef(f.rootCause, first.resource));
      if (!grouped) out.push(`${label(r)} is not grouped under the first root cause ${label(first.resource)}`);
    }
  }
  return out;
}
