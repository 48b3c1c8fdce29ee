// Pure builders for each MCP client's configuration of the Flux MCP server, in the client's documented shape.
import type { McpClient } from '../cli/args.js';
import { SERVER_NAME, serveArgs } from './server.js';

export interface ServerSpec {
  /** Absolute path of flux-operator-mcp, or the bare name when it is not installed. */
  command: string;
  /** Absolute path of one existing kubeconfig file: the server reads only KUBECONFIG. */
  kubeconfig: string;
  readOnly: boolean;
}

export interface ClientConfig {
  /** What goes to stdout: JSON for the editors, a shell command for Codex. */
  text: string;
  /** Where to put it and what to do next, for stderr. */
  where: string;
}

interface StdioEntry {
  type?: 'stdio';
  command: string;
  args: string[];
  env: { KUBECONFIG: string };
}

function entry(spec: ServerSpec, withType: boolean): StdioEntry {
  const base = { command: spec.command, args: serveArgs(spec.readOnly), env: { KUBECONFIG: spec.kubeconfig } };
  return withType ? { type: 'stdio', ...base } : base;
}

const SAFE_WORD = /^[A-Za-z0-9_@%+=:,./-]+$/;

/** POSIX shell quoting: bare when safe, else single quotes with embedded quotes escaped. */
export function shellQuote(word: string): string {
  if (word.length > 0 && SAFE_WORD.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

export function codexCommand(spec: ServerSpec): string {
  const words = ['codex', 'mcp', 'add', SERVER_NAME, '--env', `KUBECONFIG=${spec.kubeconfig}`, '--', spec.command, ...serveArgs(spec.readOnly)];
  return words.map(shellQuote).join(' ');
}

export function buildClientConfig(client: McpClient, spec: ServerSpec): ClientConfig {
  const json = (v: unknown): string => `${JSON.stringify(v, null, 2)}\n`;
  switch (client) {
    case 'vscode':
      return {
        text: json({ servers: { [SERVER_NAME]: entry(spec, true) } }),
        where:
          'add this to .vscode/mcp.json in the workspace, or to the user configuration (Command Palette: "MCP: Open User Configuration"); then start the server from the MCP servers list and enable its tools in the Chat tools picker',
      };
    case 'vscode-agent-host':
      return {
        text: json({ mcpServers: { [SERVER_NAME]: entry(spec, true) } }),
        where:
          "save this as .mcp.json at the workspace root (merge it if the file exists): VS Code's Copilot Agent Host reads it (the older Local harness reads .vscode/mcp.json: --client vscode), and Claude Code reads the same file",
      };
    case 'claude-desktop':
      return {
        text: json({ mcpServers: { [SERVER_NAME]: entry(spec, false) } }),
        where:
          'merge this into claude_desktop_config.json (macOS: ~/Library/Application Support/Claude/, Windows: %APPDATA%\\Claude\\), then quit and restart Claude Desktop',
      };
    case 'claude-code':
      return {
        text: json({ mcpServers: { [SERVER_NAME]: entry(spec, true) } }),
        where: "save this as .mcp.json at the project root (merge it if the file exists); Claude Code asks you to approve project servers on the next start, and /mcp shows their status; VS Code's Copilot Agent Host reads the same file",
      };
    case 'codex':
      return {
        text: `${codexCommand(spec)}\n`,
        where: 'run this command once: it adds the server to ~/.codex/config.toml; codex mcp list shows it',
      };
  }
}
