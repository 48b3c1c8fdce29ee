import type { McpConfigOptions } from '../cli/args.js';
import type { RunResult } from './validate.js';

export async function runMcpConfig(_opts: McpConfigOptions, _env: NodeJS.ProcessEnv): Promise<RunResult> {
  return { stdout: '', stderr: 'validate.sh: mcp-config is not implemented yet\n', exitCode: 2 };
}
