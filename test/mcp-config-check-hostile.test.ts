// mcp-config --check against configurations that look read-only and are not (issue 12 item 9), through the
// BUILT validate.sh: pflag's "--", shell and env wrappers, and Codex's config.toml.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScript } from './helpers/built.js';
import { MCP_CHECK_CASES } from './helpers/bounds.js';

let dir: string;
let bin: string;
let kube: string;
const BASE_PATH = [path.dirname(process.execPath), '/usr/bin', '/bin'].join(':');

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mcp-check-'));
  bin = path.join(dir, 'bin', 'flux-operator-mcp');
  fs.mkdirSync(path.dirname(bin));
  fs.writeFileSync(bin, '#!/bin/sh\nexit 0\n', { mode: 0o755 });
  kube = path.join(dir, 'kubeconfig');
  fs.writeFileSync(kube, 'apiVersion: v1\nkind: Config\n');
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const fill = (text: string): string => text.replaceAll('@BIN@', bin).replaceAll('@KUBE@', kube);

describe.concurrent('mcp-config --check sees what really runs (built validate.sh)', () => {
  for (const [i, c] of MCP_CHECK_CASES.entries()) {
    it(c.name, async () => {
      const sub = path.join(dir, `case-${i}`);
      fs.mkdirSync(sub, { recursive: true });
      const file = path.join(sub, c.file);
      fs.writeFileSync(file, fill(c.content));
      const env: NodeJS.ProcessEnv = { HOME: dir, PATH: `${path.dirname(bin)}:${BASE_PATH}` };
      for (const [k, v] of Object.entries(c.env ?? {})) env[k] = fill(v);
      const r = await runScript(['mcp-config', '--check', file], { env });
      expect(r.exitCode, `${r.stdout}${r.stderr}`).toBe(c.exit);
      expect(r.stderr).not.toMatch(/\n\s+at /);
      const said = c.exit === 2 ? r.stderr : r.stdout;
      expect(said.trim().split('\n').some((l) => c.says.test(l)), said).toBe(true);
      if (c.exit === 2) expect(r.stderr.trim().split('\n')).toHaveLength(1);
    });
  }
});
