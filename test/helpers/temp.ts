// Temporary folders for tests, always under os.tmpdir() (so TMPDIR is respected) and always removed when the test
// file ends (test/setup/cleanup.ts), on failure too. Not per test: in a describe.concurrent block vitest's
// onTestFinished can fire for another test than the one that made the folder, and a long test would lose it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const open = new Set<string>();

/** A new empty folder named PREFIX-XXXXXX in the temp dir, removed when the current test file ends. */
export function tempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `${prefix}-`));
  open.add(dir);
  return dir;
}

/** Removes every folder tempDir() made in this worker that is still there. */
export function removeTempDirs(): void {
  for (const dir of [...open]) {
    fs.rmSync(dir, { recursive: true, force: true });
    open.delete(dir);
  }
}
