/** Checks of command-line values shared by the commands: a clear usage error (exit 2) before any work. */
import { accessSync, constants, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { UsageError } from '../errors.js';

/** `--name` as a whole number within [lo, hi]. */
export function intFlag(name: string, v: string, lo: number, hi: number): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < lo || n > hi) throw new UsageError(`--${name} must be a whole number from ${lo} to ${hi} (got "${v}")`);
  return n;
}

/** Fail before spending calls or reading gigabytes if `--out file` cannot be written: its folder must be writable. */
export function checkOutDir(file: string): void {
  const dir = dirname(resolve(file));
  try {
    if (!statSync(dir).isDirectory()) throw new Error('not a directory');
    accessSync(dir, constants.W_OK);
  } catch {
    throw new UsageError(`--out ${file}: the directory ${dir} does not exist or is not writable`);
  }
}
