// Composes a fleet of a requested size: the control plane in flux-system, tenant namespaces, injected
// failures spread over tenants, and a FluxReport whose counts match what was generated.
import { controlPlane, fluxReport, receiver, syncRevision, FLUX_NS, type ReconcilerStats } from './control-plane.js';
import { API, MetaFactory, conditions, type FleetObject, type Json } from './meta.js';
import { Random } from './random.js';
import { withManagedFields } from './managed-fields.js';
import { FAILURE_COST, TENANT_OBJECTS, UPGRADE_SLOTS, tenant, type FailureKind, type TenantPlan } from './tenant.js';

export interface FleetOptions {
  objects: number;
  failures: number;
  seed: number;
}

export interface FleetSummary {
  seed: number;
  objects: number;
  namespaces: number;
  /** Objects whose Ready condition is False: root causes and their consequences. */
  failing: number;
  rootCauses: number;
  failureKinds: Record<FailureKind, number>;
  kinds: Record<string, number>;
}

export interface Fleet {
  objects: FleetObject[];
  summary: FleetSummary;
}

const WORDS = ['payments', 'checkout', 'search', 'billing', 'identity', 'catalog', 'orders', 'shipping', 'analytics', 'messaging', 'media', 'ledger', 'pricing', 'reviews', 'inventory', 'gateway', 'loyalty', 'fraud', 'support', 'notify'];

/** The failure mix for `failures` failing objects: git auth failures with dependents, build and upgrade failures. */
export function failurePlan(failures: number): FailureKind[] {
  const plan: FailureKind[] = [];
  let left = failures;
  const cycle: FailureKind[] = ['source-auth', 'build', 'upgrade'];
  for (let i = 0; left > 0; i++) {
    let kind = cycle[i % cycle.length] as FailureKind;
    if (FAILURE_COST[kind] > left) kind = i % 2 === 0 ? 'build' : 'upgrade';
    plan.push(kind);
    left -= FAILURE_COST[kind];
  }
  return plan;
}

function addon(f: MetaFactory, i: number, rev: string): FleetObject {
  const name = `addon-${String(i).padStart(2, '0')}`;
  return {
    apiVersion: API.kustomize,
    kind: 'Kustomization',
    metadata: f.meta(name, FLUX_NS, { generation: 1, finalizers: ['finalizers.fluxcd.io'] }),
    spec: { interval: '1h0m0s', path: `./addons/${name}`, prune: true, sourceRef: { kind: 'GitRepository', name: FLUX_NS }, timeout: '5m0s' },
    status: { observedGeneration: 1, lastAppliedRevision: rev, lastAttemptedRevision: rev, conditions: conditions(1, 29, [{ type: 'Ready', status: 'True', reason: 'ReconciliationSucceeded', message: `Applied revision: ${rev}` }]) },
  };
}

function readyStatus(obj: FleetObject): 'True' | 'False' | undefined {
  const conds = obj.status?.conditions;
  if (!Array.isArray(conds)) return undefined;
  const ready = (conds as Json[]).find((c) => c.type === 'Ready');
  return ready?.status === 'False' ? 'False' : ready?.status === 'True' ? 'True' : undefined;
}

function reconcilerStats(objects: FleetObject[]): ReconcilerStats[] {
  const byKind = new Map<string, ReconcilerStats>();
  for (const o of objects) {
    if (!o.apiVersion.includes('.toolkit.fluxcd.io/')) continue;
    const s = byKind.get(o.kind) ?? { apiVersion: o.apiVersion, kind: o.kind, running: 0, failing: 0, suspended: 0 };
    if (readyStatus(o) === 'False') s.failing++;
    else s.running++;
    byKind.set(o.kind, s);
  }
  return [...byKind.values()].sort((a, b) => a.apiVersion.localeCompare(b.apiVersion) || a.kind.localeCompare(b.kind));
}

export function generateFleet(opts: FleetOptions): Fleet {
  const rnd = new Random(opts.seed);
  const f = new MetaFactory(rnd);
  const plane = controlPlane(f);
  const kinds = failurePlan(opts.failures);
  const fixed = plane.length + 1; // + the FluxReport
  const events = kinds.length; // one Warning event per root cause
  const namespaces = Math.floor((opts.objects - fixed - events) / TENANT_OBJECTS);
  if (namespaces < 1) throw new Error(`--objects ${opts.objects} is too small: a fleet needs at least ${fixed + events + TENANT_OBJECTS} objects`);

  const count = (k: FailureKind): number => kinds.filter((x) => x === k).length;
  const auth = count('source-auth');
  const build = count('build');
  const upgrade = count('upgrade');
  if (auth + build > namespaces || upgrade > namespaces * UPGRADE_SLOTS) {
    throw new Error(`--failures ${opts.failures} do not fit in ${namespaces} namespaces: raise --objects`);
  }

  const names: string[] = [];
  for (let i = 0; i < namespaces; i++) names.push(`${rnd.pick(WORDS)}-${String(i + 1).padStart(4, '0')}`);
  const plans: TenantPlan[] = names.map((namespace) => ({ namespace, sourceAuth: false, build: false, upgrades: 0 }));
  // Failures land on seeded-random tenants; a tenant gets either a source failure or a build failure, never both.
  const order = rnd.shuffle(plans.map((_, i) => i));
  order.slice(0, auth).forEach((i) => ((plans[i] as TenantPlan).sourceAuth = true));
  order.slice(auth, auth + build).forEach((i) => ((plans[i] as TenantPlan).build = true));
  for (let u = 0; u < upgrade; u++) (plans[order[u % namespaces] as number] as TenantPlan).upgrades++;

  const objects: FleetObject[] = [...plane];
  let failing = 0;
  let rootCauses = 0;
  for (const plan of plans) {
    const t = tenant(f, plan, (ns, git) => receiver(f, ns, git));
    objects.push(...t.objects);
    failing += t.failing;
    rootCauses += t.rootCauses;
  }
  // Pad to the exact size with healthy Kustomizations in flux-system (cluster add-ons from the sync repository).
  const rev = syncRevision(f);
  const pad = opts.objects - objects.length - 1;
  for (let i = 0; i < pad; i++) objects.push(addon(f, i + 1, rev));
  objects.splice(plane.length, 0, fluxReport(f, reconcilerStats(objects), rnd.int(3, 60)));

  const kindCounts: Record<string, number> = {};
  for (const o of objects) kindCounts[o.kind] = (kindCounts[o.kind] ?? 0) + 1;
  return {
    objects: objects.map(withManagedFields),
    summary: {
      seed: opts.seed,
      objects: objects.length,
      namespaces,
      failing,
      rootCauses,
      failureKinds: { 'source-auth': auth, build, upgrade },
      kinds: kindCounts,
    },
  };
}
