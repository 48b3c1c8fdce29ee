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

const COMMON = {
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
} as const;

async function bundle(entry: string, plugins: import('esbuild').Plugin[]): Promise<string> {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
  const result = await build({ ...COMMON, entryPoints: [path.join(ROOT, entry)], define: { __SKILL_VERSION__: JSON.stringify(pkg.version) }, plugins });
  const out = result.outputFiles[0];
  if (!out) throw new Error(`esbuild produced no output for ${entry}`);
  return out.text.replace(/\r\n?/g, '\n');
}

export async function bundleScript(): Promise<Buffer> {
  const live = await bundle('skill-src/app/live-access.ts', [withoutGeneratedApi]);
  const core = await bundle('skill-src/main.ts', [lazyLiveAccess(live), withoutGeneratedApi]);
  return Buffer.from(HEADER + core, 'utf8');
}

/**
 * Live access (client-node, execa) is most of the code but only live runs need it. It is embedded as a
 * string and compiled on first use: V8 scans a string far faster than it pre-parses code, which keeps
 * --help near Node's own start-up time. It stays inside the one checksummed file.
 */
function lazyLiveAccess(code: string): import('esbuild').Plugin {
  return {
    name: 'lazy-live-access',
    setup(b) {
      b.onResolve({ filter: /^\.\/live-access\.js$/ }, (args) => (args.importer.endsWith(`app${path.sep}lazy.ts`) ? { path: 'live-access', namespace: 'lazy' } : undefined));
      b.onLoad({ filter: /.*/, namespace: 'lazy' }, () => ({
        loader: 'js',
        contents: [
          'const vm = require("node:vm");',
          `const SOURCE = ${JSON.stringify(code)};`,
          'const mod = { exports: {} };',
          'vm.compileFunction(SOURCE, ["exports", "require", "module", "__filename", "__dirname"], { filename: __filename + "#live-access" })(mod.exports, require, mod, __filename, __dirname);',
          'module.exports = mod.exports;',
        ].join('\n'),
      }));
    },
  };
}

/**
 * Only client-node's KubeConfig and PortForward are imported (deep paths). KubeConfig imports the
 * generated API (about 1 MB) only for makeApiClient, and node-fetch (with a 300 KB URL library) only for
 * applyToFetchOptions; the validator calls neither: it makes plain JSON GETs with node:https. Stubbing
 * both keeps the bundle small and --help fast. Node 20 has a global Headers for the one reference left.
 */
const withoutGeneratedApi: import('esbuild').Plugin = {
  name: 'without-unused-client-node-parts',
  setup(b) {
    const inClientNode = (importer: string): boolean => importer.includes(`${path.sep}@kubernetes${path.sep}client-node${path.sep}`);
    b.onResolve({ filter: /^\.\/gen\/index\.js$/ }, (args) => (inClientNode(args.importer) ? { path: 'gen', namespace: 'stub' } : undefined));
    b.onResolve({ filter: /^node-fetch$/ }, (args) => (inClientNode(args.importer) ? { path: 'node-fetch', namespace: 'stub' } : undefined));
    b.onLoad({ filter: /^gen$/, namespace: 'stub' }, () => ({
      contents: 'export function createConfiguration(){throw new Error("the generated Kubernetes API is not bundled")}\nexport class ServerConfiguration{}\n',
      loader: 'js',
    }));
    b.onLoad({ filter: /^node-fetch$/, namespace: 'stub' }, () => ({
      contents: 'export const Headers = globalThis.Headers;\nexport default function fetch(){throw new Error("node-fetch is not bundled")}\n',
      loader: 'js',
    }));
  },
};
