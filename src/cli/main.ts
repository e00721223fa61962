import { basename, dirname, join } from 'node:path';
import { exitCodes } from '../errors.js';
import { terminalSafe } from '../report/terminal-text.js';
import { run } from './program.js';

// A reader that closes early (`trailcost estimate | head`) is not an error: stop quietly.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw err;
});

/** What a file-system error means, in the words of the message. */
const REASONS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
  ENOENT: 'no such file or directory',
  ENOTDIR: 'a folder on the path is a file',
  EISDIR: 'is a directory',
  ENOSPC: 'no space left on device',
  EDQUOT: 'disk quota exceeded',
  EFBIG: 'file too large',
  EEXIST: 'already exists',
  EXDEV: 'cannot move across file systems',
  EMFILE: 'too many open files',
  ENAMETOOLONG: 'name too long',
  EIO: 'input/output error',
  ELOOP: 'too many levels of symbolic links',
};
const WRITE_CALLS = new Set(['write', 'rename', 'mkdir', 'unlink', 'copyfile', 'ftruncate', 'fsync', 'symlink', 'chmod', 'utime']);

/**
 * A file-system error that reached the top as one line, exit 2: "cannot write PATH: reason" for an output,
 * "cannot read PATH: reason" for anything else. Commands do not catch them: every output goes through
 * io/atomic-write.ts, which removes its temp file and rethrows, so nothing is half-written (input files are read
 * through io/read-input.ts, which raises UsageErrors itself). An error is a write's when its call writes, when it
 * names the write's temp file, or when it was raised inside writeFileAtomic (which also stats and resolves the
 * output path first). Null for any other error, which stays a crash: it is a bug.
 */
function fileSystemFailure(err: unknown): string | null {
  const e = err as NodeJS.ErrnoException & { dest?: string };
  if (!(err instanceof Error) || typeof e.code !== 'string' || !(e.code in REASONS)) return null;
  const inWrite = /\bwriteFileAtomic\b/.test(e.stack ?? '');
  if (typeof e.syscall !== 'string' && !inWrite) return null;
  let path = e.dest ?? e.path;
  let writing = inWrite || WRITE_CALLS.has(e.syscall ?? '');
  // atomic-write.ts writes `.NAME.PID.TIME.tmp` beside the output first: the user named NAME.
  if (path) {
    const m = /^\.(.+)\.\d+\.\d+\.tmp$/.exec(basename(path));
    if (m) {
      path = join(dirname(path), m[1]);
      writing = true;
    }
  }
  // The path may come from a scenario's `snapshot:` field: data, shown terminal-safe.
  return `cannot ${writing ? 'write' : 'read'} ${path ? terminalSafe(path) : 'a file'}: ${REASONS[e.code]}`;
}

try {
  process.exitCode = await run(process.argv.slice(2));
} catch (err) {
  const message = fileSystemFailure(err);
  if (message === null) throw err;
  process.stderr.write(`trailcost: ${message}\n`);
  process.exitCode = exitCodes.usage;
}
