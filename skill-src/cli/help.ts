import { DEFAULT_TIMEOUT_SECONDS } from './args.js';
import { TOOL_NAME, VERSION } from '../version.js';
import { CHECKS } from '../checks/registry.js';

/** Breaks a comma-separated list at commas so no line passes 110 columns (the first line starts `first` in). */
function wrap(list: string, first: number): string {
  const out: string[] = [];
  let line = '';
  let width = first;
  for (const item of list.split(', ')) {
    const next = line ? `${line}, ${item}` : item;
    if (line && width + next.length > 110) {
      out.push(`${line},`);
      line = item;
      width = 0;
    } else line = next;
  }
  out.push(line);
  return out.join('\n');
}

export const EXIT = {
  ok: 0,
  errorFindings: 1,
  usage: 2,
  /** validate.sh revision: REV has not landed yet (in progress, or no source fetched it), or --wait timed out. */
  timedOut: 3,
  /** Set by the shell header when node is missing. */
  noNode: 127,
} as const;

export function versionText(): string {
  return `${TOOL_NAME} ${VERSION}\n`;
}

export function helpText(): string {
  return `Usage: validate.sh [options]
       validate.sh revision [REV] [--wait] [--timeout S] [--context NAME ...|--all-contexts] [options]
       validate.sh mcp-config [--client vscode|vscode-agent-host|claude-desktop|claude-code|codex] [--read-write] [--kubeconfig PATH]
       validate.sh mcp-config --check FILE

Validates a Flux Operator installation and its GitOps pipeline, read-only, and reports
the root cause of each failure with the next command to run.

Options:
  --kubeconfig PATH     kubeconfig file (default: $KUBECONFIG, colon-separated lists merged, else ~/.kube/config)
  --context NAME        context to validate (default: the current context); repeat to validate several clusters
  --all-contexts        validate every context of the kubeconfig, concurrently, with a fleet summary
  -n, --namespace NS    the operator's namespace (default: found by label app.kubernetes.io/name=flux-operator, else flux-system)
  -o, --output FORMAT   text (default), markdown or json; the report goes to stdout, progress to stderr
  --snapshot FILE       validate a recorded cluster (Kubernetes YAML) offline instead of a live cluster
  --record FILE         also write what was read from the live cluster to FILE and FILE's .side.yaml (mode 0600;
                        Secrets never read, credentials redacted); refuses symlinks and existing files
  --force               with --record: replace an existing recording (still never through a symlink)
  --timeout SECONDS     bound for the whole run (default: ${DEFAULT_TIMEOUT_SECONDS})
  --no-probe-ui         do not port-forward to the Flux UI; only check its Service
  --no-color            no colour (also when NO_COLOR is set or stdout is not a terminal)
  --list-requests       print every HTTP method and path the script can send, with the reason, and exit
                        (read-only audit without reading the code; --output json for a machine-readable list)
  -h, --help            show this help
  --version             show the version

Did my change land? validate.sh revision [REV]
  REV                   a Git commit (7 to 40 hex digits), a tag (v1.2.3) or an OCI digest (sha256:<64 hex>);
                        default: the newest artifact any Git, OCI, Bucket or ExternalArtifact source holds
                        (the output says which source and why)
  --wait                read the cluster(s) again every 5 s until every object REV reaches applied it, one
                        failed, or --timeout passed (default then: 300 s); progress lines on stderr
  Also: --kubeconfig, --context, --all-contexts, --namespace, --output, --snapshot, --timeout, --no-color.
  For each source: whether it fetched REV; for each Kustomization, HelmRelease and ResourceSet it reaches
  (through its source or dependsOn): applied, in progress, failed or blocked, with the root cause.

Checks, in order: ${wrap(CHECKS.map((c) => c.id).join(', '), 'Checks, in order: '.length)}.

Exit codes:
  0    no error findings (warnings allowed)
  1    at least one error finding, including an unreachable or unauthorised cluster
  2    bad usage or unreadable input (unknown option, missing kubeconfig, unknown context, unreadable snapshot,
       invalid REV)
  3    revision: REV has not landed yet (in progress, blocked, or no source fetched it), or --wait timed out
       (revision: 0 when REV landed everywhere, 1 when an object failed on it or a cluster could not be read)
  127  node was not found on PATH (Node.js >= 20 is required)

Examples:
  bash scripts/validate.sh
  bash scripts/validate.sh --output markdown --no-probe-ui
  bash scripts/validate.sh --context prod-eu --namespace flux-system --output json
  bash scripts/validate.sh --snapshot cluster-dump.yaml
  bash scripts/validate.sh --list-requests
  bash scripts/validate.sh revision 3f2a9c1 --wait --timeout 600
  bash scripts/validate.sh revision v1.4.0 --all-contexts --output json
  bash scripts/validate.sh mcp-config --client claude-code
`;
}

export function mcpConfigHelpText(): string {
  return `Usage: validate.sh mcp-config [--client vscode|vscode-agent-host|claude-desktop|claude-code|codex] [--read-write] [--kubeconfig PATH]
       validate.sh mcp-config --check FILE

Prints a configuration for the Flux MCP server (flux-operator-mcp) in the shape the client expects,
always with "serve --read-only=true" (the server's own default is read-write) and an absolute KUBECONFIG
(the server refuses to start without it). The config goes to stdout, warnings to stderr.

Options:
  --client NAME       vscode (default: "servers" for .vscode/mcp.json, VS Code's Local harness),
                      vscode-agent-host ("mcpServers" for .mcp.json at the workspace root, VS Code's Copilot Agent Host),
                      claude-desktop ("mcpServers" for claude_desktop_config.json), claude-code ("mcpServers" for
                      .mcp.json, the same file the Agent Host reads), codex (a codex mcp add command)
  --kubeconfig PATH   the kubeconfig the server uses (default: the KUBECONFIG file holding the current context,
                      else ~/.kube/config)
  --read-write        allow the server's write tools (reconcile, suspend, apply, delete): development clusters only
  --check FILE        audit an existing client configuration: serve, read-only, KUBECONFIG, binary, secret masking;
                      JSON/JSONC (.vscode/mcp.json, .mcp.json, claude_desktop_config.json) or Codex TOML
                      (~/.codex/config.toml, [mcp_servers.NAME]); flags after "--" do not count (pflag), and
                      wrappers (env VAR=x, sh -c, bash -lc) are followed to the command they run

Exit codes: 0 config printed or audit passed; 1 audit found problems; 2 bad usage or unreadable file.

Examples:
  bash scripts/validate.sh mcp-config --client claude-code > .mcp.json
  bash scripts/validate.sh mcp-config --check .vscode/mcp.json
  bash scripts/validate.sh mcp-config --check ~/.codex/config.toml
`;
}
