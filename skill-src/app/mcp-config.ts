// validate.sh mcp-config: prints a Flux MCP server configuration for one client, or audits an existing one.
// The builders and the audit are pure (skill-src/mcp/); this module does the file-system and PATH lookups.
import fs from 'node:fs';
import path from 'node:path';
import type { McpConfigOptions } from '../cli/args.js';
import { EXIT } from '../cli/help.js';
import { buildClientConfig } from '../mcp/clients.js';
import { auditConfig, type AuditProbe } from '../mcp/audit.js';
import { parseJsonc } from '../mcp/jsonc.js';
import { parseToml } from '../mcp/toml.js';
import { INSTALL_HINT, SERVER_NAME } from '../mcp/server.js';
import { inputError, parseProblem } from './errors.js';
import { safeLines } from '../render/escape.js';
import { loadLiveAccess } from './lazy.js';
import { homeDir, kubeconfigFiles } from '../kube/kubeconfig-files.js';
import { findOnPath, isExecutableFile } from './executables.js';
import type { RunResult } from './validate.js';

interface ResolvedKubeconfig {
  file: string;
  warnings: string[];
}

/**
 * One absolute, existing kubeconfig file: the server reads only the KUBECONFIG variable and, given a list,
 * uses only the file holding the current context, so the config names that file.
 */
async function resolveKubeconfig(flag: string | undefined, env: NodeJS.ProcessEnv): Promise<ResolvedKubeconfig> {
  const files = kubeconfigFiles(flag, env);
  const [only] = files;
  if (files.length === 1 && only !== undefined) return { file: only, warnings: [] };
  const { currentContextFile } = await loadLiveAccess();
  const { context, file } = currentContextFile(files);
  if (context === undefined) throw inputError('no current context is set in the KUBECONFIG files', 'run kubectl config use-context NAME, or pass --kubeconfig PATH');
  if (file === undefined) throw inputError(`no KUBECONFIG file defines the current context ${context}`, 'pass --kubeconfig PATH');
  return {
    file,
    warnings: [
      `KUBECONFIG lists ${files.length} files but ${SERVER_NAME} reads only one: using ${file}, which holds the current context "${context}" (pass --kubeconfig PATH to choose another file)`,
    ],
  };
}

async function printConfig(opts: McpConfigOptions, env: NodeJS.ProcessEnv): Promise<RunResult> {
  const stderr: string[] = [];
  const kube = await resolveKubeconfig(opts.kubeconfig, env);
  stderr.push(...kube.warnings.map((w) => `warning: ${w}`));
  const binary = findOnPath(SERVER_NAME, env);
  if (binary === undefined) stderr.push(`warning: ${SERVER_NAME} is not on PATH, so the config names it bare; ${INSTALL_HINT}`);
  if (opts.readWrite) {
    stderr.push(
      'warning: --read-write registers the write tools (reconcile, suspend, resume, apply, delete, install); use it only on a development cluster, and keep production read-only',
    );
  }
  const cfg = buildClientConfig(opts.client, { command: binary ?? SERVER_NAME, kubeconfig: kube.file, readOnly: !opts.readWrite });
  stderr.push(`next: ${cfg.where}`);
  return { stdout: cfg.text, stderr: `${stderr.join('\n')}\n`, exitCode: EXIT.ok };
}

/** Values of the client variables an entry may use (VS Code's `${userHome}`, `${env:NAME}`, `${workspaceFolder}`). */
function clientVariables(configFile: string, env: NodeJS.ProcessEnv): Record<string, string> {
  const vars: Record<string, string> = { userHome: homeDir(env) };
  for (const [k, v] of Object.entries(env)) if (v !== undefined) vars[`env:${k}`] = v;
  const dir = path.dirname(path.resolve(configFile));
  // A workspace's .vscode/mcp.json sits one folder below the workspace; elsewhere the variable is unknown.
  if (path.basename(dir) === '.vscode') vars.workspaceFolder = path.dirname(dir);
  return vars;
}

function checkConfig(file: string, env: NodeJS.ProcessEnv): RunResult {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw inputError(`cannot read ${file}: ${code === 'ENOENT' ? 'no such file' : code ?? 'unreadable'}`, 'give the path of the client configuration, e.g. .vscode/mcp.json or .mcp.json');
  }
  let config: unknown;
  const toml = /\.toml$/i.test(file);
  try {
    // Codex keeps its servers in config.toml ([mcp_servers.NAME] tables); the other clients use JSON(C).
    config = toml ? parseToml(text) : parseJsonc(text);
  } catch (err) {
    throw inputError(`${file} is not ${toml ? 'TOML' : 'JSON'}: ${parseProblem(err)}`, 'fix the syntax, or print a fresh config with validate.sh mcp-config --client CLIENT');
  }
  const probe: AuditProbe = {
    variables: clientVariables(file, env),
    pathDelimiter: path.delimiter,
    isAbsolute: (p) => path.isAbsolute(p),
    fileExists: (p) => fs.existsSync(p),
    commandExists: (cmd) => (path.isAbsolute(cmd) ? isExecutableFile(cmd) : findOnPath(cmd, env) !== undefined),
    forwarded: env,
  };
  const { entries, problems } = auditConfig(config, probe);
  if (problems.length === 0) {
    const where = entries.map((e) => e.location).join(', ');
    return { stdout: safeLines(`ok: ${file}: ${where} starts ${SERVER_NAME} read-only with secrets masked and an existing KUBECONFIG\n`), stderr: '', exitCode: EXIT.ok };
  }
  const lines = problems.map((p) => `problem: ${file}: ${p.location}: ${p.problem} (fix: ${p.fix})`);
  // Locations and values quote the audited file: escaped and redacted like any other foreign text.
  return { stdout: safeLines(`${lines.join('\n')}\n`), stderr: '', exitCode: EXIT.errorFindings };
}

export async function runMcpConfig(opts: McpConfigOptions, env: NodeJS.ProcessEnv): Promise<RunResult> {
  if (opts.check !== undefined) return checkConfig(opts.check, env);
  return printConfig(opts, env);
}
