import { closeSync, fchmodSync, fsyncSync, lstatSync, openSync, readdirSync, readlinkSync, realpathSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';

export interface AtomicWriteOptions {
  /** Mode of a file that does not exist yet (default 0644, less the umask). An existing file keeps its mode. */
  mode?: number;
}

/**
 * Write a file so readers see the old content or the new, never half of it: temp file in the same directory as
 * the file (the symlink's target when `path` is a symlink: the link stays a link), fsync, rename. The file keeps
 * its mode. Temp files named `.<name>.<pid>.<time>.tmp` that a killed write left for the same file are removed
 * (those of a process still running are left alone); a failed write removes its own. Returns the path written
 * (symlinks resolved).
 */
export function writeFileAtomic(path: string, data: string | Uint8Array, options: AtomicWriteOptions = {}): string {
  const target = resolveLinks(resolve(path));
  const dir = dirname(target);
  const name = basename(target);
  let mode: number | undefined;
  try {
    mode = statSync(target).mode & 0o7777;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  removeStaleTemps(dir, name);
  const tmp = join(dir, `.${name}.${process.pid}.${Date.now()}.tmp`);
  let fd: number | undefined;
  try {
    fd = openSync(tmp, 'wx', options.mode ?? 0o644);
    // Not subject to the umask: the replaced file's mode exactly (a 0600 file stays 0600).
    if (mode !== undefined) fchmodSync(fd, mode);
    const buf = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    for (let off = 0; off < buf.length; ) off += writeSync(fd, buf, off, buf.length - off);
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    renameSync(tmp, target);
  } catch (err) {
    if (fd !== undefined) {
      try {
        closeSync(fd);
      } catch {
        // already closed
      }
    }
    try {
      unlinkSync(tmp);
    } catch {
      // the temp file was never created
    }
    throw err;
  }
  syncDir(dir);
  return target;
}

/** The file a path names after following symlinks, also when the last link points at a file not written yet. */
function resolveLinks(path: string): string {
  let p = path;
  for (let hops = 0; hops < 40; hops++) {
    try {
      return realpathSync(p);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
    let link = false;
    try {
      link = lstatSync(p).isSymbolicLink();
    } catch {
      // nothing there: a new file
    }
    if (!link) {
      // A new file: in the real directory (when it exists), so the temp file and the rename share it.
      try {
        return join(realpathSync(dirname(p)), basename(p));
      } catch {
        return p;
      }
    }
    p = resolve(dirname(p), readlinkSync(p));
  }
  throw Object.assign(new Error(`${path}: too many levels of symbolic links`), { code: 'ELOOP' });
}

const TEMP = /^\.(.+)\.(\d+)\.(\d+)\.tmp$/;

/** Temp files of `name` whose writer (by pid) is gone: a write killed between its temp file and its rename. */
function removeStaleTemps(dir: string, name: string): void {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return; // the write itself reports a missing directory
  }
  for (const e of entries) {
    const m = TEMP.exec(e);
    if (!m || m[1] !== name) continue;
    const pid = Number(m[2]);
    if (pid === process.pid || alive(pid)) continue;
    try {
      unlinkSync(join(dir, e));
    } catch {
      // gone already, or not ours to remove
    }
  }
}

function alive(pid: number): boolean {
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'; // running, as another user
  }
}

/** The rename itself made durable (best effort: not every platform can fsync a directory). */
function syncDir(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // Windows, some network file systems
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
