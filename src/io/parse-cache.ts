/**
 * A content-addressed cache of parsed, validated input files, so the second load of a big YAML file skips the
 * YAML parser: loading a 7 MB scenario (100k resources) took 4.7 s, 0.46 s from the cache (medians of 3, loaded
 * 2-core machine). Only YAML: a JSON file read back from the cache loads no faster than JSON.parse reads it.
 *
 * An entry is named by the SHA-256 of what the value depends on: the kind of file, the schema (its JSON Schema),
 * trailcost's and the yaml library's versions, this format's version and the file's bytes. It holds the value
 * validated when the file was parsed, as JSON (faster to read back than v8.deserialize: 38 vs 56 ms on that file),
 * behind a header with its own SHA-256. A cache is untrusted data on disk like any input: the caller validates
 * what comes back with the same schema, and an entry that fails any check is removed and counts as a miss. Nothing
 * here ever fails a load: a cache that cannot be read or written is a cache that misses.
 *
 * Where: `<cacheDir>/inputs/` (cache-dir.ts; XDG_CACHE_HOME moves it); `TRAILCOST_NO_CACHE=1` turns it off.
 * Bounded: at most `maxEntries` entries and `maxBytes` bytes, the least recently used (by mtime: a hit touches
 * its entry) removed first.
 */
import { createHash } from 'node:crypto';
import { lstatSync, mkdirSync, readdirSync, readFileSync, unlinkSync, utimesSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from './atomic-write.js';
import { cacheDir } from './cache-dir.js';
import { readInputBytes } from './read-input.js';

/** Bump when what an entry holds changes meaning (the parse's conventions, the entry layout). */
const FORMAT = 1;
const MAGIC = `trailcost-parse-cache/${FORMAT}`;

export interface ParseCacheLimits {
  /**
   * Files smaller than this are parsed every time: from 64 KiB a parse costs over 0.1 s (37 KB: 0.12 s, 0.03 s
   * from the cache); a small scenario, edited often, would mostly write entries.
   */
  minBytes: number;
  maxEntries: number;
  maxBytes: number;
}

const MiB = 1024 * 1024;
let limits: ParseCacheLimits = { minBytes: 64 * 1024, maxEntries: 16, maxBytes: 128 * MiB };

/** Replaces some limits (tests use tiny ones); returns the previous limits, to put back. */
export function setParseCacheLimits(next: Partial<ParseCacheLimits>): ParseCacheLimits {
  const prev = limits;
  limits = { ...limits, ...next };
  return prev;
}

/** The folder entries go to, or null when `TRAILCOST_NO_CACHE` is set (to anything but "" or "0"). */
export function parseCacheDir(env: NodeJS.ProcessEnv = process.env): string | null {
  const off = env.TRAILCOST_NO_CACHE;
  if (off !== undefined && off !== '' && off !== '0') return null;
  return join(cacheDir(env), 'inputs');
}

const ENTRY = /^[0-9a-f]{64}\.json$/;
/** An atomic write's temp file (atomic-write.ts), left behind when its process was killed mid-write. */
const TEMP = /^\.[0-9a-f]{64}\.json\.\d+\.\d+\.tmp$/;

/** Where a cached value lives: the entry file and the key it must carry. */
export interface CacheSlot {
  dir: string;
  key: string;
}

/**
 * The slot for a file of `kind` validated by `schema` with these bytes, or null when the cache is off or the file is
 * too small to be worth it.
 */
export function parseCacheSlot(kind: string, schema: z.ZodType, bytes: Uint8Array, env: NodeJS.ProcessEnv = process.env): CacheSlot | null {
  if (bytes.length < limits.minBytes) return null;
  const dir = parseCacheDir(env);
  if (dir === null) return null;
  const fp = fingerprint(schema);
  if (fp === null) return null;
  const h = createHash('sha256');
  h.update(`${MAGIC}\0${kind}\0${versions()}\0${fp}\0`);
  h.update(bytes);
  return { dir, key: h.digest('hex') };
}

const fingerprints = new WeakMap<z.ZodType, string | null>();

/** A digest of the schema's shape and defaults: a schema edited without a version bump must not hit old entries. */
function fingerprint(schema: z.ZodType): string | null {
  let fp = fingerprints.get(schema);
  if (fp === undefined) {
    try {
      fp = createHash('sha256').update(JSON.stringify(z.toJSONSchema(schema, { io: 'output', unrepresentable: 'any' }))).digest('hex');
    } catch {
      fp = null; // a schema JSON Schema cannot describe: not cached
    }
    fingerprints.set(schema, fp);
  }
  return fp;
}

let versionText: string | null = null;

/** trailcost's and yaml's versions: an upgrade may parse the same bytes differently. */
function versions(): string {
  if (versionText === null) {
    const req = createRequire(import.meta.url);
    const read = (f: () => string): string => {
      try {
        return f();
      } catch {
        return 'unknown';
      }
    };
    // Two folders up from src/io/ and from the build's dist/cli/, as cli/program.ts reads it.
    const own = read(() => (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version);
    const yaml = read(() => (req('yaml/package.json') as { version: string }).version);
    versionText = `trailcost ${own} yaml ${yaml}`;
  }
  return versionText;
}

const entryPath = (slot: CacheSlot): string => join(slot.dir, `${slot.key}.json`);

/**
 * The cached value for `slot`, validated by `schema`, or null (a miss). An entry that is there but fails its
 * checks (header, length, digest, JSON, schema) is removed.
 */
export async function readCached<S extends z.ZodType>(slot: CacheSlot, schema: S): Promise<{ value: z.infer<S> } | null> {
  const path = entryPath(slot);
  let buf: Buffer;
  try {
    // Bounded, regular files only: an entry replaced by a FIFO or a link to /dev/zero is refused like an input.
    buf = await readInputBytes(path);
  } catch {
    return null;
  }
  const value = decode(buf, slot.key);
  if (value !== undefined) {
    try {
      const r = schema.safeParse(value);
      if (r.success) {
        touch(path);
        return { value: r.data };
      }
    } catch {
      // a value zod cannot walk: a miss like any other
    }
  }
  remove(path);
  return null;
}

/** The entry's value, or undefined when any part of it is not what `store` wrote for `key`. */
function decode(buf: Buffer, key: string): unknown {
  const nl = buf.indexOf(10);
  if (nl < 0 || nl > 256) return undefined;
  const m = /^(\S+) key=([0-9a-f]{64}) sha256=([0-9a-f]{64}) bytes=(\d+)$/.exec(buf.subarray(0, nl).toString('latin1'));
  if (!m || m[1] !== MAGIC || m[2] !== key) return undefined;
  const payload = buf.subarray(nl + 1);
  if (payload.length !== Number(m[4])) return undefined;
  if (createHash('sha256').update(payload).digest('hex') !== m[3]) return undefined;
  try {
    return JSON.parse(payload.toString('utf8'));
  } catch {
    return undefined;
  }
}

/**
 * Keeps `value` (validated, from the file the slot was made for) in the cache, then trims the cache to its bounds.
 * Never throws. A value JSON cannot carry exactly (-0, a non-finite number, undefined, a class instance) is not kept:
 * a hit must give what a parse gives.
 */
export function storeCached(slot: CacheSlot, value: unknown): void {
  try {
    if (!jsonExact(value)) return;
    const payload = Buffer.from(JSON.stringify(value), 'utf8');
    if (payload.length > limits.maxBytes) return;
    const digest = createHash('sha256').update(payload).digest('hex');
    const header = Buffer.from(`${MAGIC} key=${slot.key} sha256=${digest} bytes=${payload.length}\n`, 'latin1');
    // Private: the entries hold what the input files hold (account ids, bucket names).
    mkdirSync(slot.dir, { recursive: true, mode: 0o700 });
    const path = entryPath(slot);
    // writeFileAtomic writes through a symlink: an entry replaced by a link (to /dev/zero, say) must go, not its target.
    remove(path);
    if (exists(path)) return; // a folder in the way
    writeFileAtomic(path, Buffer.concat([header, payload]), { mode: 0o600 });
    evict(slot.dir);
  } catch {
    // read-only home, full disk, a file where the folder should be: the load goes on uncached
  }
}

/** True when JSON.parse(JSON.stringify(v)) gives back `v` exactly. */
function jsonExact(v: unknown): boolean {
  switch (typeof v) {
    case 'string':
    case 'boolean':
      return true;
    case 'number':
      return Number.isFinite(v) && !Object.is(v, -0);
    case 'object': {
      if (v === null) return true;
      if (Array.isArray(v)) {
        for (let i = 0; i < v.length; i++) if (!(i in v) || !jsonExact(v[i])) return false;
        return true;
      }
      if (Object.getPrototypeOf(v) !== Object.prototype) return false;
      for (const k in v) {
        if (!Object.hasOwn(v, k) || k === '__proto__' || !jsonExact((v as Record<string, unknown>)[k])) return false;
      }
      return true;
    }
    default:
      return false; // undefined, bigint, symbol, function
  }
}

/** Removes the least recently used entries past the bounds, and temp files a killed write left behind. */
function evict(dir: string): void {
  const entries: { path: string; size: number; mtime: number }[] = [];
  const now = Date.now();
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    let st;
    try {
      st = lstatSync(path);
    } catch {
      continue; // removed meanwhile
    }
    if (ENTRY.test(name)) entries.push({ path, size: st.size, mtime: st.mtimeMs });
    // An hour is far longer than any write takes.
    else if (TEMP.test(name) && now - st.mtimeMs > 3_600_000) remove(path);
  }
  entries.sort((a, b) => b.mtime - a.mtime);
  let bytes = 0;
  entries.forEach((e, i) => {
    bytes += e.size;
    if (i >= limits.maxEntries || bytes > limits.maxBytes) remove(e.path);
  });
}

function touch(path: string): void {
  try {
    const now = new Date();
    utimesSync(path, now, now);
  } catch {
    // a read-only cache still serves hits
  }
}

function exists(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}

function remove(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // gone already, or not ours to remove
  }
}
