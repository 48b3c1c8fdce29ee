// Temporary folders for tests, always under os.tmpdir() (so TMPDIR is respected) and always removed: at the end of
// the test that made them, or, when made outside a test (beforeAll, module level), at the end of the file
// (test/setup/cleanup.ts). Removal happens on failure too.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

// Scripts (update-goldens, reliability-counts) import helpers that use this module outside vitest: load vitest only
// inside a test run.
const vitest = process.env.VITEST ? await import('vitest') : undefined;

const open = new Set<string>();

function remove(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
  open.delete(dir);
}

/** A new empty folder named PREFIX-XXXXXX in the temp dir, removed when the current test (or file) ends. */
export function tempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `${prefix}-`));
  open.add(dir);
  try {
    vitest?.onTestFinished(() => remove(dir));
  } catch {
    // Not inside a test: removed by removeTempDirs() when the file ends.
  }
  return dir;
}

/** Removes every folder tempDir() made in this worker that is still there. */
export function removeTempDirs(): void {
  for (const dir of [...open]) remove(dir);
}
