// Where --record writes: a path the user names, possibly through an agent, so it must never become a way
// to change files. It refuses a symlink (at FILE or its side file), refuses to replace an existing file
// unless --force, and creates both files with mode 0600 (a recording describes the cluster's internals).
import fs from 'node:fs';
import path from 'node:path';
import { sidePathFor } from '../cluster/fixture.js';
import { inputError, type UserError } from './errors.js';

/** Why FILE (or its side file) may not be written, or undefined. Checked before the cluster is read. */
export function recordTargetProblem(file: string, force: boolean): UserError | undefined {
  for (const target of [file, sidePathFor(file)]) {
    let st: fs.Stats;
    try {
      st = fs.lstatSync(target);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') continue;
      return inputError(`cannot write recording ${target}: ${code ?? 'unreadable path'}`, 'choose a writable path for --record');
    }
    if (st.isSymbolicLink()) return inputError(`refusing to write recording ${target}: it is a symbolic link`, 'give --record a new file path, not a link');
    if (!st.isFile()) return inputError(`refusing to write recording ${target}: it exists and is not a regular file`, 'give --record a new file path');
    if (!force) return inputError(`refusing to overwrite ${target}: it already exists`, 'choose a new path for --record, or add --force to replace the recording');
  }
  return undefined;
}

/**
 * Writes `text` to `target` with mode 0600 without following a symlink: a new file is created exclusively
 * (O_EXCL fails on anything already there, a link included); with `force` the text goes to a fresh temporary
 * file beside the target, which is then renamed over it (rename replaces the name, never a link's target).
 */
export function writePrivateFile(target: string, text: string, force: boolean): void {
  const create = (p: string): void => {
    const fd = fs.openSync(p, fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL | (fs.constants.O_NOFOLLOW ?? 0), 0o600);
    try {
      fs.writeFileSync(fd, text);
      // The umask may have narrowed the mode further, never widened it; make it exactly 0600.
      fs.fchmodSync(fd, 0o600);
    } finally {
      fs.closeSync(fd);
    }
  };
  if (!force || !fs.existsSync(target)) return create(target);
  const st = fs.lstatSync(target);
  if (st.isSymbolicLink() || !st.isFile()) throw Object.assign(new Error('not a regular file'), { code: 'ELOOP' });
  const tmp = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.tmp`);
  create(tmp);
  try {
    fs.renameSync(tmp, target);
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    throw err;
  }
}
