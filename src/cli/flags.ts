/** Checks of command-line values shared by the commands: a clear usage error (exit 2) before any work. */
import { accessSync, constants, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { UsageError } from '../errors.js';
import { terminalSafe } from '../report/terminal-text.js';

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

/** What `--endpoint-url` says in every command's help (the AWS CLI's option of the same name). */
export const ENDPOINT_URL_HELP = 'send every AWS request to this URL instead of the default endpoints, as the AWS CLI\'s --endpoint-url (a local emulator, a VPC endpoint or proxy); overrides AWS_ENDPOINT_URL';

/**
 * `--endpoint-url` as an http(s) URL, checked before any call (the SDK would otherwise fail on the first request
 * with a message that names no flag). A trailing slash is dropped: the SDK appends paths to it.
 */
export function endpointUrlFlag(v: string | undefined): string | undefined {
  if (v === undefined) return undefined;
  const shown = terminalSafe(v);
  let url: URL;
  try {
    url = new URL(v);
  } catch {
    throw new UsageError(`--endpoint-url "${shown}" is not a URL (expected e.g. http://localhost:4566 or https://cloudtrail.us-east-1.amazonaws.com)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UsageError(`--endpoint-url "${shown}": only http:// and https:// endpoints are supported`);
  if (url.username || url.password) throw new UsageError('--endpoint-url: the URL must not hold a user name or password');
  if (url.search || url.hash) throw new UsageError(`--endpoint-url "${shown}": no query string or fragment`);
  return v.replace(/\/+$/, '');
}
