// The entry point: the only module that touches process I/O and chooses the exit code.
import { parseArgs, isUsageError } from './cli/args.js';
import { EXIT, helpText, mcpConfigHelpText, versionText } from './cli/help.js';
import { runValidate } from './app/validate.js';
import { runMcpConfig } from './app/mcp-config.js';
import { runRevision } from './app/revision.js';
import { renderRequestList, requestTemplates } from './app/list-requests.js';
import { describeUnexpected, isUserError } from './app/errors.js';
import { safeLines } from './render/escape.js';

/** Diagnostics quote names and paths from kubeconfigs, snapshots and client configs: escaped and redacted. */
function warn(text: string): Promise<void> {
  return write(process.stderr, safeLines(text));
}

function write(stream: NodeJS.WriteStream, text: string): Promise<void> {
  return new Promise((resolve) => {
    if (text.length === 0) return resolve();
    stream.write(text, () => resolve());
  });
}

// A reader that closes early (validate.sh --help | head -1) is not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  });
}

async function main(argv: readonly string[]): Promise<number> {
  const parsed = parseArgs(argv);
  if (isUsageError(parsed)) {
    await warn(`validate.sh: ${parsed.usageError} (${parsed.hint})\n`);
    return EXIT.usage;
  }
  switch (parsed.command) {
    case 'help':
      await write(process.stdout, helpText());
      return EXIT.ok;
    case 'mcp-config-help':
      await write(process.stdout, mcpConfigHelpText());
      return EXIT.ok;
    case 'version':
      await write(process.stdout, versionText());
      return EXIT.ok;
    case 'list-requests':
      await write(process.stdout, renderRequestList(requestTemplates(), parsed.output));
      return EXIT.ok;
    case 'mcp-config': {
      const r = await runMcpConfig(parsed, process.env);
      await warn(r.stderr);
      await write(process.stdout, r.stdout);
      return r.exitCode;
    }
    case 'revision': {
      // Progress of --wait goes to stderr always (CI logs are not terminals); the answer alone to stdout.
      const r = await runRevision(parsed, {
        env: process.env,
        progress: parsed.wait ? (line) => process.stderr.write(`${safeLines(line)}\n`) : undefined,
        colorAllowed: false,
      });
      await warn(r.stderr);
      await write(process.stdout, r.stdout);
      return r.exitCode;
    }
    case 'validate': {
      const r = await runValidate(parsed, {
        env: process.env,
        progress: process.stderr.isTTY ? (line) => process.stderr.write(`${safeLines(line)}\n`) : undefined,
        colorAllowed: process.stdout.isTTY === true,
      });
      await warn(r.stderr);
      await write(process.stdout, r.stdout);
      return r.exitCode;
    }
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  async (err: unknown) => {
    const line = isUserError(err) ? err.line() : describeUnexpected(err);
    await warn(`validate.sh: ${line}\n`);
    process.exitCode = isUserError(err) ? err.exitCode : EXIT.errorFindings;
  },
);
