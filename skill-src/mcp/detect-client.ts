// Which agent client runs the validator, from the environment it gives its shell commands, so the report's
// MCP next step names that client. Claude Code sets CLAUDECODE=1 (anthropics/claude-code#531), Codex sets
// CODEX_THREAD_ID (openai/codex#10096) and CODEX_SANDBOX in its sandbox, VS Code's terminal sets
// TERM_PROGRAM=vscode. An agent CLI running inside VS Code's terminal is that agent, so it is checked first.
import type { McpClient } from '../cli/args.js';

export function detectMcpClient(env: NodeJS.ProcessEnv): McpClient | undefined {
  if (env.CLAUDECODE === '1') return 'claude-code';
  if (env.CODEX_THREAD_ID || env.CODEX_SANDBOX) return 'codex';
  // VS Code's current harness, the Copilot Agent Host, reads the workspace's .mcp.json.
  if (env.TERM_PROGRAM === 'vscode') return 'vscode-agent-host';
  return undefined;
}
