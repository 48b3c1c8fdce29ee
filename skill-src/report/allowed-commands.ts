// The one list of commands the skill may suggest or run, as templates with typed slots. Three things read it:
// next-step.ts (a built command that matches no template is not suggested), the test that every command in
// every scenario's report matches a template, and the pre-approved tools of SKILL.md, the Claude command and
// the Copilot prompt, which are the templates WITHOUT slots, as exact rules.
//
// Why exact rules only: in Claude Code a `*` (or a trailing `:*`) in a Bash rule matches any text, spaces
// included, so any pattern with a wildcard also admits `--server=URL`, `--kubeconfig FILE`, `--token` or
// `--record FILE` after the part it names. A command with a cluster name in it is therefore never
// pre-approved: the user sees it before it runs.
import { INPUTS } from '../cluster/inputs.js';
import { FLUX_KINDS } from '../checks/flux/status.js';
import { OTHER_KIND_NAMES } from './kinds.js';
import { cliName, kindSpec } from '../kinds/table.js';

/** A kind's kubectl name from the kind table (a typo in a kind here fails at load, not silently). */
function cli(kind: string): string {
  const spec = kindSpec(kind);
  if (!spec) throw new Error(`allowed-commands: ${kind} is not in the kind table`);
  return cliName(spec);
}

/**
 * Slots: `<namespace>` DNS-1123 label, `<name>` DNS-1123 subdomain, `<container>` DNS-1123 label, `<kind>`
 * and `<resource>` names from our own tables, `<verb>` an access-review verb, `<port>` a port number.
 * Everything else in a template is literal. Words are separated by single spaces.
 */
export const ALLOWED_COMMANDS: readonly string[] = [
  // Flux objects and their workloads
  'kubectl -n <namespace> describe <kind> <name>',
  'kubectl describe <kind> <name>',
  'kubectl -n <namespace> get <kind> <name>',
  'kubectl -n <namespace> get <kind>',
  'kubectl get <kind> -A',
  'kubectl -n <namespace> events --for <kind>/<name>',
  'kubectl events --for <kind>/<name>',
  'kubectl -n <namespace> events --types=Warning',
  'kubectl -n <namespace> logs deploy/<name> --since=1h',
  'kubectl -n <namespace> logs <name> --previous',
  'kubectl -n <namespace> logs <name> -c <container> --previous',
  `kubectl -n <namespace> get ${cli('HelmRelease')} <name> -o jsonpath={.status.history}`,
  'kubectl -n <namespace> get deployment <name> -o jsonpath={.spec.replicas}',
  'kubectl -n <namespace> get deployment <name> --show-managed-fields -o jsonpath={.metadata.managedFields}',
  'kubectl -n <namespace> rollout status deployment <name> --timeout=10s',
  `kubectl -n <namespace> get ${cli('FluxInstance')} flux -o jsonpath={.metadata.annotations}`,
  `kubectl -n <namespace> get ${cli('FluxReport')} flux -o jsonpath={.spec.operator.version}`,
  `kubectl -n <namespace> get ${cli('FluxReport')} flux -o jsonpath={.spec.sync}`,
  `kubectl -n <namespace> get ${cli('FluxReport')} <name> -o jsonpath={.spec.reconcilers}`,
  'kubectl -n <namespace> get deployments -l app.kubernetes.io/part-of=flux',
  'kubectl get deployments -A -l app.kubernetes.io/name=flux-operator',
  // Flux UI
  'kubectl -n <namespace> port-forward svc/<name> 9080:<port>',
  'kubectl -n <namespace> get services -o wide',
  'kubectl -n <namespace> get endpointslices -l kubernetes.io/service-name=<name>',
  // Access, APIs and connectivity
  'kubectl auth can-i <verb> <resource> -A',
  'kubectl auth can-i <verb> <resource> -n <namespace>',
  'kubectl auth can-i --list -n <namespace>',
  'kubectl auth whoami',
  'kubectl get crd <resource>',
  'kubectl get crds',
  'kubectl get <resource> -A',
  'kubectl -n <namespace> get <resource>',
  'kubectl get <resource> -A --request-timeout=30s',
  'kubectl get <resource> -n <namespace> --request-timeout=30s',
  'kubectl get <resource> -n <namespace>',
  'kubectl get alerts.notification.toolkit.fluxcd.io,providers.notification.toolkit.fluxcd.io -A',
  'kubectl get --raw /version',
  'kubectl get --raw /version --request-timeout=10s',
  'kubectl config view --minify',
  'kubectl config view --minify -o jsonpath={.clusters[0].cluster.server}',
  'kubectl config current-context',
  'kubectl config get-contexts',
  'kubectl version',
  // Quick overviews named in SKILL.md
  'kubectl get fluxinstance -A',
  'kubectl get fluxreport -A',
  'kubectl get gitrepository -A',
  'kubectl get kustomization -A',
  'kubectl get helmrelease -A',
  // Local tools
  'flux-operator version --client',
  'flux-operator-mcp --version',
];

/** Where agents run the script from: the skill folder, or the repository root of either client. */
export const SCRIPT_PATHS: readonly string[] = ['scripts/validate.sh', '.github/skills/flux-operator/scripts/validate.sh', '.claude/skills/flux-operator/scripts/validate.sh'];

/** The script runs the skill itself needs: no --record, --kubeconfig, --snapshot or any value the user typed. */
export const SCRIPT_RUNS: readonly string[] = ['--output markdown', '--output markdown --no-probe-ui', '--output markdown --all-contexts', '--help'];

/** mcp-config prints a configuration; it writes nothing. Run from the skill folder only. */
export const MCP_CONFIG_RUNS: readonly string[] = ['vscode', 'claude-desktop', 'claude-code', 'codex'].map((c) => `bash scripts/validate.sh mcp-config --client ${c}`);

/** The checksum verification of SKILL.md ("1. Verify the script"), each half of its pipe. */
export const CHECKSUM_RUNS: readonly string[] = ['sha256sum -c -', 'shasum -a 256 -c -'];

/**
 * Options a slash command may take from the user's text, with the form of their value. Anything else the
 * user typed is ignored. `--kubeconfig`, `--record`, `--snapshot` and `--output` are deliberately absent.
 */
export const SLASH_OPTIONS: readonly { flag: string; value?: string }[] = [
  { flag: '--context', value: 'NAME' },
  { flag: '--all-contexts' },
  { flag: '--namespace', value: 'NS' },
  { flag: '--no-probe-ui' },
  { flag: '--timeout', value: 'SECONDS' },
];

/** Every exact command line pre-approved, in order: script runs, checksum, then slot-free templates. */
export function preApprovedCommands(): string[] {
  const scripts = SCRIPT_PATHS.flatMap((p) => SCRIPT_RUNS.map((r) => `bash ${p} ${r}`));
  const fixed = ALLOWED_COMMANDS.filter((t) => !t.includes('<'));
  return [...scripts, ...MCP_CONFIG_RUNS, ...CHECKSUM_RUNS, ...fixed];
}

/** The Claude Code / SKILL.md rules: read-only file tools, then one exact Bash rule per command. */
export function preApprovedRules(): string[] {
  return ['Read', 'Grep', 'Glob', ...preApprovedCommands().map((c) => `Bash(${c})`)];
}

// ---- matching argv against a template

const LABEL = '[a-z0-9](?:[-a-z0-9]{0,61}[a-z0-9])?';
const SUBDOMAIN = `${LABEL}(?:\\.${LABEL})*`;

function alternatives(values: Iterable<string>): string {
  return [...new Set(values)].sort().map(escapeRe).join('|');
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

let slots: Readonly<Record<string, string>> | undefined;

/** Built on first use: the tables are other modules' constants (no import-order dependency). */
function slotRes(): Readonly<Record<string, string>> {
  if (slots) return slots;
  // kubectl resource names for kinds from our tables (the names next-step.ts may put in `<kind>`).
  const kinds = [...FLUX_KINDS.map((k) => k.cli), ...OTHER_KIND_NAMES];
  // Qualified resources from our inputs, as `kubectl auth can-i` and `get` take them, plus the UI's port-forward.
  const resources = [...Object.values(INPUTS).map((s) => (s.group ? `${s.resource}.${s.group}` : s.resource)), 'pods/portforward'];
  slots = {
    namespace: LABEL,
    container: LABEL,
    name: SUBDOMAIN,
    kind: alternatives(kinds),
    resource: alternatives(resources),
    verb: 'list|get|watch|create',
    port: '[0-9]{1,5}',
  };
  return slots;
}

function wordRe(word: string): string {
  return word
    .split(/(<[a-z]+>)/)
    .map((piece) => {
      const slot = /^<([a-z]+)>$/.exec(piece)?.[1];
      if (slot === undefined) return escapeRe(piece);
      const re = slotRes()[slot];
      if (re === undefined) throw new Error(`unknown slot ${piece}`);
      return `(?:${re})`;
    })
    .join('');
}

const compiled = new Map<string, RegExp[]>();

function templateWords(template: string): RegExp[] {
  let words = compiled.get(template);
  if (!words) {
    words = template.split(' ').map((w) => new RegExp(`^(?:${wordRe(w)})$`));
    compiled.set(template, words);
  }
  return words;
}

/** The run's `--context=NAME` may follow any kubectl command; it is one word, so it cannot add an option. */
const CONTEXT_FLAG = /^--context=[^\u0000-\u001f\u007f-\u009f]+$/u;

/** True when argv is exactly the template, word for word, optionally followed by the run's `--context=`. */
export function matchesTemplate(template: string, argv: readonly string[]): boolean {
  const words = templateWords(template);
  let n = argv.length;
  if (argv[0] === 'kubectl' && n > 0 && CONTEXT_FLAG.test(argv[n - 1] ?? '')) n -= 1;
  if (n !== words.length) return false;
  return words.every((re, i) => re.test(argv[i] ?? ''));
}

export function isAllowedCommand(argv: readonly string[]): boolean {
  return ALLOWED_COMMANDS.some((t) => matchesTemplate(t, argv));
}
