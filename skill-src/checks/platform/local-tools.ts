// The Flux Operator CLI and MCP server on this machine. They describe the local machine, not the cluster:
// warnings at most, and nothing in snapshot mode.
import type { ClusterState, LocalTool } from '../../cluster/state.js';
import type { CheckOutcome, Finding } from '../../model.js';
import type { Check } from '../check.js';
import { command, step } from '../../report/next-step.js';

const RELEASES = 'https://github.com/controlplaneio-fluxcd/flux-operator/releases';

const TOOLS: { name: LocalTool['name']; versionCommand: string[]; use: string }[] = [
  { name: 'flux-operator', versionCommand: ['flux-operator', 'version', '--client'], use: 'the Flux Operator CLI (get, trace, tree, stats, reconcile)' },
  { name: 'flux-operator-mcp', versionCommand: ['flux-operator-mcp', '--version'], use: 'the Flux MCP server, for agents to inspect the cluster' },
];

export function runLocalTools(state: ClusterState): CheckOutcome {
  if (state.localTools === undefined) {
    return {
      findings: [],
      skipped: state.mode === 'snapshot' ? 'not checked in snapshot mode: local tools describe this machine, not the recorded cluster' : 'local tools were not looked up in this run',
    };
  }
  const findings: Finding[] = [];
  const facts: string[] = [];
  for (const t of TOOLS) {
    const found = state.localTools.find((l) => l.name === t.name);
    const resource = { kind: 'LocalTool', name: t.name };
    // Information, not a warning: these describe this machine, and a healthy cluster must read as healthy
    // from any laptop or CI runner.
    if (!found?.path) {
      findings.push({
        severity: 'info',
        resource,
        reason: 'ToolNotInstalled',
        message: `${t.name} is not on PATH: install it to use ${t.use}`,
        // Installing is a change on this machine: a note, not a command.
        ...step('ToolNotInstalled', undefined, `install it with Homebrew (controlplaneio-fluxcd/tap/${t.name}) or download a release binary from ${RELEASES}`),
      });
    } else if (found.version) {
      facts.push(`${t.name} ${found.version} (${found.path})`);
    } else {
      findings.push({
        severity: 'warning',
        resource,
        reason: 'ToolVersionUnknown',
        message: `${t.name} at ${found.path} did not print its version: ${found.error ?? 'no version in its output'}`,
        ...step('ToolVersionUnknown', command(...t.versionCommand)),
      });
    }
  }
  return { findings, facts };
}

export const localToolsCheck: Check = {
  id: 'local-tools',
  title: 'Local tools',
  needs: [],
  reasons: ['ToolNotInstalled', 'ToolVersionUnknown'],
  run: runLocalTools,
};
