// vitest globalSetup: the whole run, test workers and every process they start, uses one private folder inside the
// caller's temp dir (so TMPDIR is respected), removed at the end even when tests failed or a child was killed.
// Anything still in it then was left behind by a test: it is named on one line so the leak can be fixed.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export default function setup(): () => void {
  const previous = process.env.TMPDIR;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flux-skill-test-'));
  process.env.TMPDIR = dir;
  return () => {
    const left = fs.existsSync(dir) ? fs.readdirSync(dir) : [];
    fs.rmSync(dir, { recursive: true, force: true });
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
    if (left.length > 0) console.warn(`test temp dir: removed ${left.length} item(s) left behind by tests: ${left.sort().slice(0, 10).join(', ')}${left.length > 10 ? ', …' : ''}`);
  };
}
