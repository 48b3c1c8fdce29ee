// Produces the bytes of validate.sh: a shell header whose lines are also JavaScript, then the
// esbuild CJS bundle of skill-src/. The checksum covers every byte, header included.
import { build } from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from './paths.js';
import { helpText } from '../skill-src/cli/help.js';

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

/**
 * Memory flags, measured with `npm run bench` (README, Performance): a 4 MB semi-space instead of V8's 16 MB
 * keeps the young generation small, and --expose-gc lets a run drop dead response bodies with a full collection
 * every 32 MiB read and between reading a cluster and checking it (skill-src/cluster/release-memory.ts).
 */
export const NODE_FLAGS = '--expose-gc --max-semi-space-size=4';

/** Prefix of the help lines kept in the header, for the shell's fast --help path. */
const HELP_LINE = '//@help';
const HELP_END = '//@endhelp';

/**
 * `validate.sh --help` (or -h) as its only first argument is answered by the shell from the help lines below,
 * without starting Node (so also where Node is missing); sed stops at their end, never reading the bundle.
 * The lines are helpText() itself, written at build time: the Node path prints the same text.
 */
const HELP_FAST_PATH = String.raw`':' //; case "$1" in -h|--help) exec sed -n -e '/^\/\/@endhelp$/q' -e 's/^\/\/@help \{0,1\}//p' "$0";; esac`;

function helpComment(): string {
  const lines = helpText().replace(/\n$/, '').split('\n');
  return `${lines.map((l) => (l ? `${HELP_LINE} ${l}` : HELP_LINE)).join('\n')}\n${HELP_END}\n`;
}

export const HEADER = [
  '#!/bin/sh',
  HELP_FAST_PATH,
  `':' //; command -v node >/dev/null 2>&1 || { echo "validate.sh: Node.js >= 20 is required but 'node' was not found on PATH; install it from https://nodejs.org" >&2; exit 127; }`,
  `':' //; exec node ${NODE_FLAGS} -e '${LOADER}' -- "$0" "$@"`,
  '',
].join('\n');

/** What an auditing reader needs before anything else: what the file reads, what it never writes, where to look. */
export const AUDIT_NOTE = `//
// validate.sh: the flux-operator skill's read-only validator for a Flux Operator installation.
// Built by esbuild from skill-src/ (TypeScript) and bundled dependencies; NOT minified: every module
// starts with a comment line naming its source file, e.g. "// skill-src/cluster/collect.ts".
//
// Reads:  the kubeconfig (KUBECONFIG or --kubeconfig; exec credential plugins run as kubectl runs them),
//         the Kubernetes API with GET only (server version, discovery, lists of Flux objects, operator
//         Deployments, Pods, Services, EndpointSlices, Warning Events), POST of SelfSubjectAccessReviews
//         (a question about the caller's own permissions, stored nowhere), and the Flux UI through a pod
//         port-forward (GET / and GET /api/v1/report; --no-probe-ui turns it off); --snapshot FILE instead
//         of a cluster; PATH, to run \`flux-operator version --client\` and \`flux-operator-mcp --version\`.
// Never:  reads Secrets or ConfigMaps; sends PUT, PATCH or DELETE, or a POST other than the access review;
//         writes a file, except --record FILE (and FILE's .side.yaml), which the user names.
// Audit:  \`validate.sh --list-requests\` prints every method and path template it can send, with the reason.
//
// Live access (the Kubernetes client, the port-forward, local tools) sits in the comment at the end of this
// file and is compiled only when a live run needs it, which keeps --help fast; it is the same readable code.
//
`;

const COMMON = {
  absWorkingDir: ROOT,
  // Module comments name paths relative to the root: a linked node_modules must not put its real location there.
  preserveSymlinks: true,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    minify: false,
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

/** Opens the trailing comment that holds the live-access code; the loader looks for its last occurrence. */
export const LIVE_BEGIN = '/* live-access: compiled on first use by skill-src/app/lazy.ts, see the header';
const LIVE_END = '*/';

export async function bundleScript(): Promise<Buffer> {
  const live = commentSafe(await bundle('skill-src/app/live-access.ts', [withoutGeneratedApi]));
  const core = await bundle('skill-src/main.ts', [lazyLiveAccess, withoutGeneratedApi]);
  return Buffer.from(`${HEADER}${AUDIT_NOTE}${helpComment()}${core}\n${LIVE_BEGIN}\n${live}\n${LIVE_END}\n`, 'utf8');
}

/** How "*\/" inside the live code is written so that it cannot end the comment; the loader undoes it. */
const ESCAPED_END = '*\\/';

/**
 * The live code must not end its comment early: esbuild keeps pure annotations and some doc comments.
 * Each "*\/" becomes ESCAPED_END, reversed exactly on load because the code holds no ESCAPED_END of its own
 * (the build stops if it ever does).
 */
function commentSafe(code: string): string {
  if (code.includes(ESCAPED_END)) throw new Error(`live-access code contains ${JSON.stringify(ESCAPED_END)}: the comment escape would not be reversible`);
  return code.replaceAll(LIVE_END, ESCAPED_END);
}

/**
 * Live access (client-node, execa, ws) is most of the code but only live runs need it. It sits, readable,
 * in one block comment at the end of the file and is compiled on first use: V8 skips a comment far faster
 * than it pre-parses code, which keeps --help near Node's own start-up time. It stays inside the one
 * checksummed file, read back from that file itself.
 */
const lazyLiveAccess: import('esbuild').Plugin = {
  name: 'lazy-live-access',
  setup(b) {
    b.onResolve({ filter: /^\.\/live-access\.js$/ }, (args) => (args.importer.endsWith(`app${path.sep}lazy.ts`) ? { path: 'live-access', namespace: 'lazy' } : undefined));
    b.onLoad({ filter: /.*/, namespace: 'lazy' }, () => ({
      loader: 'js',
      contents: [
        'const fs = require("node:fs");',
        'const vm = require("node:vm");',
        'const text = fs.readFileSync(__filename, "utf8");',
        `const begin = text.lastIndexOf(${JSON.stringify(LIVE_BEGIN)});`,
        `const end = text.lastIndexOf(${JSON.stringify(LIVE_END)});`,
        'if (begin < 0 || end < begin) throw new Error("validate.sh is damaged: its live-access section is missing (verify its sha256)");',
        `const source = text.slice(text.indexOf("\\n", begin) + 1, end).replaceAll(${JSON.stringify(ESCAPED_END)}, ${JSON.stringify(LIVE_END)});`,
        'const mod = { exports: {} };',
        'vm.compileFunction(source, ["exports", "require", "module", "__filename", "__dirname"], { filename: __filename + "#live-access" })(mod.exports, require, mod, __filename, __dirname);',
        'module.exports = mod.exports;',
      ].join('\n'),
    }));
  },
};

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
      // Headers is reached only on construction: reading globalThis.Headers at load makes Node load undici (about
      // 20 ms of every live run), and client-node builds one only in applyToFetchOptions, which we never call.
      contents: 'export class Headers { constructor(init) { return new globalThis.Headers(init); } }\nexport default function fetch(){throw new Error("node-fetch is not bundled")}\n',
      loader: 'js',
    }));
  },
};
