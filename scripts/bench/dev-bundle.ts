// An unminified bundle of skill-src/main.ts, for CPU profiles with readable function names. Same entry,
// platform and generated-API exclusion as the product bundle; live access is bundled inline, not lazily.
import { build, type Plugin } from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from '../../build/paths.js';
import { CACHE } from './fleets.js';

const withoutGeneratedApi: Plugin = {
  name: 'without-generated-api',
  setup(b) {
    b.onResolve({ filter: /^\.\/gen\/index\.js$/ }, (args) => (args.importer.includes(`${path.sep}@kubernetes${path.sep}client-node${path.sep}`) ? { path: 'gen-stub', namespace: 'gen-stub' } : undefined));
    b.onLoad({ filter: /.*/, namespace: 'gen-stub' }, () => ({ contents: 'export function createConfiguration(){throw new Error("not bundled")}\nexport class ServerConfiguration{}\n', loader: 'js' }));
  },
};

export async function devBundle(): Promise<string> {
  const outfile = path.join(CACHE, 'profile', 'validate.cjs');
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
  await build({
    absWorkingDir: ROOT,
    entryPoints: [path.join(ROOT, 'skill-src', 'main.ts')],
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    minify: false,
    keepNames: true,
    outfile,
    logLevel: 'error',
    define: { __SKILL_VERSION__: JSON.stringify(pkg.version) },
    plugins: [withoutGeneratedApi],
  });
  return outfile;
}
