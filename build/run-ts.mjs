// Runs a TypeScript developer script (build, replay server, benchmarks) on plain Node 20:
// esbuild compiles it to .cache/run/ and the result is imported with the remaining arguments.
import { build } from 'esbuild';
import { pathToFileURL, fileURLToPath } from 'node:url';
import path from 'node:path';
import { renameSync } from 'node:fs';

const [entry, ...rest] = process.argv.slice(2);
if (!entry) {
  console.error('usage: node build/run-ts.mjs FILE.ts [args...]');
  process.exit(2);
}
const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const outfile = path.join(root, '.cache', 'run', path.relative(root, path.resolve(entry)).replace(/[\\/]/g, '__').replace(/\.ts$/, '.mjs'));
// Compile to a file of this process's own, then rename: concurrent starts of the same script never
// import a half-written file.
const tmp = `${outfile}.${process.pid}.tmp.mjs`;
await build({
  entryPoints: [entry],
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  packages: 'external',
  outfile: tmp,
  sourcemap: 'inline',
  logLevel: 'error',
  define: { __SKILL_VERSION__: 'undefined' },
});
renameSync(tmp, outfile);
process.argv = [process.argv[0], path.resolve(entry), ...rest];
await import(pathToFileURL(outfile).href);
