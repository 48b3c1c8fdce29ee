// Produces the bytes of validate.sh: a shell header whose lines are also JavaScript, then the
// esbuild CJS bundle of skill-src/. The checksum covers every byte, header included.
import { build } from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from './paths.js';

/**
 * Each line starts with `':' //;` : the shell runs `:` then the rest of the line; JavaScript sees a string
 * expression followed by a comment. The shell path hands the file to `node -e` with a tiny loader that
 * checks the Node version and compiles the file with vm.compileFunction, so a parent package.json with
 * "type": "module" cannot change how it loads. The loader is ES5 so that an old Node can say it is too old.
 */
const LOADER = [
  'var v=+process.versions.node.split(".")[0];',
  'if(v<20){console.error("validate.sh: Node.js >= 20 is required, found v"+process.versions.node+"; install a current Node.js from https://nodejs.org");process.exit(2)}',
  'var f=process.argv[1],fs=require("fs"),p=require("path");',
  'var s=fs.readFileSync(f,"utf8").replace(/^#!/,"//");',
  'require("vm").compileFunction(s,["exports","require","module","__filename","__dirname"],{filename:f})(exports,require,module,f,p.dirname(f))',
].join('');

export const HEADER = [
  '#!/bin/sh',
  `':' //; command -v node >/dev/null 2>&1 || { echo "validate.sh: Node.js >= 20 is required but 'node' was not found on PATH; install it from https://nodejs.org" >&2; exit 127; }`,
  `':' //; exec node -e '${LOADER}' -- "$0" "$@"`,
  '',
].join('\n');

export async function bundleScript(): Promise<Buffer> {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
  const result = await build({
    entryPoints: [path.join(ROOT, 'skill-src', 'main.ts')],
    absWorkingDir: ROOT,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    minify: true,
    legalComments: 'none',
    charset: 'utf8',
    write: false,
    logLevel: 'error',
    define: { __SKILL_VERSION__: JSON.stringify(pkg.version) },
    plugins: [withoutGeneratedApi],
  });
  const out = result.outputFiles[0];
  if (!out) throw new Error('esbuild produced no output');
  const body = out.text.replace(/\r\n?/g, '\n');
  return Buffer.from(HEADER + body, 'utf8');
}

/**
 * client-node's KubeConfig imports its generated API (about 1 MB) only for makeApiClient, which the
 * validator never calls: plain JSON GETs are enough. Replacing that import keeps the bundle small and
 * --help fast.
 */
const withoutGeneratedApi = {
  name: 'without-generated-api',
  setup(b: import('esbuild').PluginBuild): void {
    b.onResolve({ filter: /^\.\/gen\/index\.js$/ }, (args) =>
      args.importer.includes(`${path.sep}@kubernetes${path.sep}client-node${path.sep}`) ? { path: 'gen-stub', namespace: 'gen-stub' } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'gen-stub' }, () => ({
      contents:
        'export function createConfiguration(){throw new Error("the generated Kubernetes API is not bundled")}\nexport class ServerConfiguration{}\n',
      loader: 'js',
    }));
  },
};
