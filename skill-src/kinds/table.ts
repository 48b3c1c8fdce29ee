// Every Flux and Flux Operator kind the validator knows, declared once. Inputs, collection (versions and
// slimming), health rules, command-line names, recorded-cluster types, fleet CRDs, the per-kind counts and
// the checks' kind lists are all derived from this table: adding a kind is adding a row.
//
// Served versions are what Flux 2.2 to 2.9 serve (the controllers' CRDs at the versions fluxcd/flux2
// `manifests/bases/*/kustomization.yaml` pins at each tag), newest first. Kinds of one group are served at
// different versions on older releases (Flux 2.2: GitRepository v1, HelmRepository v1beta2), so collection
// resolves each kind on its own from discovery.

/** Which check looks after a kind; one check per family. */
export type Family = 'instance' | 'sources' | 'kustomize' | 'helm' | 'notification' | 'image' | 'artifacts' | 'resourcesets';

/**
 * How health is read. 'conditions': Ready/Stalled/Reconciling as every Flux reconciler sets them.
 * A kind may have no conditions by design in some versions (Alert and Provider v1beta3 have no status
 * conditions) or for some objects (a HelmRepository of type oci is not reconciled since source-controller v1.0).
 */
export interface HealthRule {
  /** API versions whose objects carry no conditions. */
  staticVersions?: readonly string[];
  /** A spec.type value whose objects carry no conditions. */
  staticSpecType?: string;
}

export interface KindSpec {
  kind: string;
  /** Input id the collector stores the kind's list under. */
  input: string;
  group: string;
  /** Every version Flux 2.2-2.9 serves for this kind, newest first (an unknown newer one is used as served). */
  versions: readonly string[];
  /** Plural resource name (URLs, access reviews). */
  resource: string;
  shortNames: readonly string[];
  controller: string;
  family: Family;
  health: HealthRule;
  /** Reasons the controller sets on Ready=False or Stalled=True, verbatim; each has a reference.md section. */
  reasons: readonly string[];
  /** Dotted paths no check reads, dropped when collecting so memory stays bounded (bulky user content). */
  drop: readonly string[];
  /** `kubectl get` printer columns as the CRD declares them: A = Age; R = Ready and Status from the Ready condition; NAME=JSONPATH a string column ('_' stands for a space). */
  columns: readonly string[];
  /** Why the validator reads the kind, in a few words (validate.sh --list-requests prints it). */
  purpose: string;
  /** False for a kind that reports rather than reconciles (FluxReport): left out of the per-kind counts. */
  counted?: boolean;
}

const SOURCE = 'source.toolkit.fluxcd.io';
const NOTIFICATION = 'notification.toolkit.fluxcd.io';
const IMAGE = 'image.toolkit.fluxcd.io';
export const OPERATOR_GROUP = 'fluxcd.controlplane.io';
const OPERATOR = OPERATOR_GROUP;

// Reasons from the controllers' sources: source-controller api/v1 condition_types.go, image-reflector-controller
// and image-automation-controller api/v1 and internal/controller, notification-controller receiver_controller.go,
// source-watcher artifactgenerator_*.go, flux-operator resourceset*_controller.go; shared ones from fluxcd/pkg meta.
const SOURCE_REASONS = ['AuthenticationFailed', 'GitOperationFailed', 'URLInvalid', 'VerificationError', 'StorageOperationFailed', 'Failed'];

export const KINDS = [
  { kind: 'FluxInstance', input: 'fluxInstances', group: OPERATOR, versions: ['v1'], resource: 'fluxinstances', shortNames: [], controller: 'flux-operator', family: 'instance', health: {}, reasons: [], drop: ['status.inventory'], purpose: 'the FluxInstance and its Ready condition', columns: ['A', 'R', 'Revision=.status.lastAttemptedRevision'] },
  { kind: 'FluxReport', input: 'fluxReports', group: OPERATOR, versions: ['v1'], resource: 'fluxreports', shortNames: [], controller: 'flux-operator', family: 'instance', health: {}, reasons: [], counted: false, drop: [], purpose: 'per-kind counts the operator computes, to cross-check the lists', columns: ['A', 'R', 'LastUpdated=.status.conditions[?(@.type=="Ready")].lastTransitionTime'] },
  { kind: 'GitRepository', input: 'gitRepositories', group: SOURCE, versions: ['v1', 'v1beta2'], resource: 'gitrepositories', shortNames: ['gitrepo'], controller: 'source-controller', family: 'sources', health: {}, reasons: SOURCE_REASONS, drop: [], purpose: 'GitRepository sources: Ready, fetch errors', columns: ['URL=.spec.url', 'A', 'R'] },
  { kind: 'OCIRepository', input: 'ociRepositories', group: SOURCE, versions: ['v1', 'v1beta2'], resource: 'ocirepositories', shortNames: ['ocirepo'], controller: 'source-controller', family: 'sources', health: {}, reasons: ['AuthenticationFailed', 'OCIArtifactPullFailed', 'OCIArtifactLayerOperationFailed', 'URLInvalid', 'VerificationError', 'StorageOperationFailed', 'Failed'], drop: [], purpose: 'OCIRepository sources: Ready, pull errors', columns: ['URL=.spec.url', 'R', 'A'] },
  { kind: 'HelmRepository', input: 'helmRepositories', group: SOURCE, versions: ['v1', 'v1beta2'], resource: 'helmrepositories', shortNames: ['helmrepo'], controller: 'source-controller', family: 'sources', health: { staticSpecType: 'oci' }, reasons: ['AuthenticationFailed', 'IndexationFailed', 'URLInvalid', 'StorageOperationFailed', 'Failed'], drop: [], purpose: 'HelmRepository sources: Ready, index errors', columns: ['URL=.spec.url', 'A', 'R'] },
  { kind: 'HelmChart', input: 'helmCharts', group: SOURCE, versions: ['v1', 'v1beta2'], resource: 'helmcharts', shortNames: ['hc'], controller: 'source-controller', family: 'sources', health: {}, reasons: ['ChartPullFailed', 'ChartPackageFailed', 'AuthenticationFailed', 'VerificationError', 'SourceUnavailable', 'StorageOperationFailed', 'Failed'], drop: [], purpose: 'HelmChart sources: Ready, chart pull errors', columns: ['Chart=.spec.chart', 'Version=.spec.version', 'Source_Kind=.spec.sourceRef.kind', 'Source_Name=.spec.sourceRef.name', 'A', 'R'] },
  { kind: 'Bucket', input: 'buckets', group: SOURCE, versions: ['v1', 'v1beta2'], resource: 'buckets', shortNames: [], controller: 'source-controller', family: 'sources', health: {}, reasons: ['AuthenticationFailed', 'BucketOperationFailed', 'URLInvalid', 'StorageOperationFailed', 'Failed'], drop: [], purpose: 'Bucket sources: Ready, fetch errors', columns: ['Endpoint=.spec.endpoint', 'A', 'R'] },
  { kind: 'ExternalArtifact', input: 'externalArtifacts', group: SOURCE, versions: ['v1'], resource: 'externalartifacts', shortNames: ['ea'], controller: 'source-watcher', family: 'artifacts', health: {}, reasons: [], drop: [], purpose: 'ExternalArtifacts: Ready, and the generator they come from', columns: ['A', 'R', 'Source=.spec.sourceRef.name'] },
  { kind: 'ArtifactGenerator', input: 'artifactGenerators', group: 'source.extensions.fluxcd.io', versions: ['v1beta1'], resource: 'artifactgenerators', shortNames: ['ag'], controller: 'source-watcher', family: 'artifacts', health: {}, reasons: ['SourceFetchFailed', 'BuildFailed', 'ReconciliationFailed', 'ValidationFailed', 'AccessDenied'], drop: [], purpose: 'ArtifactGenerators: Ready, source fetch and build failures', columns: ['A', 'R'] },
  { kind: 'Kustomization', input: 'kustomizations', group: 'kustomize.toolkit.fluxcd.io', versions: ['v1', 'v1beta2'], resource: 'kustomizations', shortNames: ['ks'], controller: 'kustomize-controller', family: 'kustomize', health: {}, reasons: [], drop: ['spec.patches', 'spec.postBuild', 'status.inventory'], purpose: 'Kustomizations: Ready, build and health-check failures, dependencies', columns: ['A', 'R'] },
  { kind: 'HelmRelease', input: 'helmReleases', group: 'helm.toolkit.fluxcd.io', versions: ['v2', 'v2beta2', 'v2beta1'], resource: 'helmreleases', shortNames: ['hr'], controller: 'helm-controller', family: 'helm', health: {}, reasons: [], drop: ['spec.values'], purpose: 'HelmReleases: Ready, install and upgrade failures, dependencies', columns: ['A', 'R'] },
  { kind: 'Receiver', input: 'receivers', group: NOTIFICATION, versions: ['v1', 'v1beta2'], resource: 'receivers', shortNames: [], controller: 'notification-controller', family: 'notification', health: {}, reasons: ['TokenNotFound', 'ValidationFailed', 'InvalidCELExpression'], drop: [], purpose: 'notification Receivers: Ready (a failing one drops webhooks)', columns: ['A', 'R'] },
  { kind: 'Alert', input: 'alerts', group: NOTIFICATION, versions: ['v1beta3', 'v1beta2'], resource: 'alerts', shortNames: [], controller: 'notification-controller', family: 'notification', health: { staticVersions: ['v1beta3'] }, reasons: [], drop: [], purpose: 'notification Alerts: Ready (older APIs) and their providers', columns: ['A'] },
  { kind: 'Provider', input: 'providers', group: NOTIFICATION, versions: ['v1beta3', 'v1beta2'], resource: 'providers', shortNames: [], controller: 'notification-controller', family: 'notification', health: { staticVersions: ['v1beta3'] }, reasons: [], drop: [], purpose: 'notification Providers: Ready (older APIs)', columns: ['A'] },
  { kind: 'ImageRepository', input: 'imageRepositories', group: IMAGE, versions: ['v1', 'v1beta2'], resource: 'imagerepositories', shortNames: ['imgrepo', 'imagerepo'], controller: 'image-reflector-controller', family: 'image', health: {}, reasons: ['AuthenticationFailed', 'ReadOperationFailed', 'ImageURLInvalid', 'FeatureGateDisabled', 'Failure'], drop: [], purpose: 'ImageRepositories: Ready, registry scan errors', columns: ['Image=.spec.image', 'Tags=.status.lastScanResult.tagCount', 'R', 'A'] },
  { kind: 'ImagePolicy', input: 'imagePolicies', group: IMAGE, versions: ['v1', 'v1beta2'], resource: 'imagepolicies', shortNames: ['imgpol', 'imagepol'], controller: 'image-reflector-controller', family: 'image', health: {}, reasons: ['DependencyNotReady', 'AccessDenied', 'InvalidPolicy', 'ImageURLInvalid', 'IntervalNotConfigured', 'FeatureGateDisabled', 'Failure'], drop: [], purpose: 'ImagePolicies: Ready, tag selection and their ImageRepository', columns: ['Image=.status.latestRef.name', 'Tag=.status.latestRef.tag', 'R', 'A'] },
  { kind: 'ImageUpdateAutomation', input: 'imageUpdateAutomations', group: IMAGE, versions: ['v1', 'v1beta2', 'v1beta1'], resource: 'imageupdateautomations', shortNames: ['iua', 'imgupd', 'imgauto'], controller: 'image-automation-controller', family: 'image', health: {}, reasons: ['GitOperationFailed', 'UpdateFailed', 'SourceManagerFailed', 'AccessDenied', 'InvalidSourceConfiguration', 'InvalidPolicySelector', 'InvalidUpdateStrategy', 'RemovedTemplateField', 'FeatureGateDisabled'], drop: [], purpose: 'ImageUpdateAutomations: Ready, Git push failures and their GitRepository', columns: ['R', 'A'] },
  { kind: 'ResourceSet', input: 'resourceSets', group: OPERATOR, versions: ['v1'], resource: 'resourcesets', shortNames: ['rset'], controller: 'flux-operator', family: 'resourcesets', health: {}, reasons: ['BuildFailed', 'ReconciliationFailed', 'HealthCheckFailed', 'InvalidCELExpression', 'DependencyNotReady'], drop: ['spec.resources', 'spec.resourcesTemplate', 'spec.inputs', 'status.inventory'], purpose: 'ResourceSets: Ready, build and apply failures, dependencies and input providers', columns: ['A', 'R'] },
  { kind: 'ResourceSetInputProvider', input: 'resourceSetInputProviders', group: OPERATOR, versions: ['v1'], resource: 'resourcesetinputproviders', shortNames: ['rsip'], controller: 'flux-operator', family: 'resourcesets', health: {}, reasons: ['ReconciliationFailed', 'InvalidDefaultValues', 'InvalidSchedule', 'InvalidExportedInputs', 'InvalidSpec'], drop: ['status.exportedInputs'], purpose: 'ResourceSetInputProviders: Ready, input fetch failures', columns: ['A', 'R'] },
] as const satisfies readonly KindSpec[];

export type FluxKind = (typeof KINDS)[number]['kind'];
export type FluxInputId = (typeof KINDS)[number]['input'];

const BY_KIND: ReadonlyMap<string, KindSpec> = new Map(KINDS.map((k) => [k.kind, k]));
const BY_INPUT: ReadonlyMap<string, KindSpec> = new Map(KINDS.map((k) => [k.input, k]));

export function kindSpec(kind: string): KindSpec | undefined {
  return BY_KIND.get(kind);
}

export function kindOfInput(input: string): KindSpec | undefined {
  return BY_INPUT.get(input);
}

/** A row of the table, with its input id typed. */
export type KindEntry = KindSpec & { input: FluxInputId; kind: FluxKind };

export function kindsOf(family: Family): KindEntry[] {
  return KINDS.filter((k) => k.family === family);
}

/** The name kubectl accepts without ambiguity: plural.group (Bucket and Kustomization clash with other CRDs). */
export function cliName(spec: Pick<KindSpec, 'resource' | 'group'>): string {
  return `${spec.resource}.${spec.group}`;
}

/** API groups served by Flux's and Flux Operator's CRDs (installed per cluster, so discovered at run time). */
export function isFluxGroup(group: string): boolean {
  return group.endsWith('.fluxcd.io') || group === OPERATOR;
}
