/**
 * The parse cache of big YAML inputs (io/parse-cache.ts) as scenario/load.ts uses it: a hit gives exactly what a
 * parse gives, any other byte misses, a damaged or forged entry is a miss (the load still gives the right value),
 * the cache never fails a load, TRAILCOST_NO_CACHE turns it off, small and JSON files are not cached, and eviction
 * keeps its bounds. Every test gets its own XDG_CACHE_HOME and a low size threshold.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseCacheDir, parseCacheSlot, readCached, setParseCacheLimits, storeCached, type ParseCacheLimits } from '../../src/io/parse-cache.js';
import { ScenarioSchema } from '../../src/scenario/schema.js';
import { z } from 'zod';
import { loadScenarioFile } from '../../src/scenario/load.js';
import { UsageError } from '../../src/errors.js';
import { bigScenario } from '../tui/helpers/big-scenario.js';

const MIN = 4096;
let prevLimits: ParseCacheLimits;
let prevEnv: { xdg?: string; off?: string };
let work: string;

beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), 'trailcost-parse-cache-'));
  prevEnv = { xdg: process.env.XDG_CACHE_HOME, off: process.env.TRAILCOST_NO_CACHE };
  process.env.XDG_CACHE_HOME = join(work, 'cache');
  delete process.env.TRAILCOST_NO_CACHE;
  prevLimits = setParseCacheLimits({ minBytes: MIN, maxEntries: 16, maxBytes: 128 * 1024 * 1024 });
});

afterEach(() => {
  setParseCacheLimits(prevLimits);
  for (const [k, v] of [['XDG_CACHE_HOME', prevEnv.xdg], ['TRAILCOST_NO_CACHE', prevEnv.off]] as const) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
});

const inputsDir = (): string => join(work, 'cache', 'trailcost', 'inputs');
const entries = (): string[] => (existsSync(inputsDir()) ? readdirSync(inputsDir()).filter((n) => n.endsWith('.json')).sort() : []);

/** A valid scenario of about 15 KB (over MIN); `tag` changes its name, so each tag gives other bytes. */
function scenarioText(tag = 'a'): string {
  const { yaml } = bigScenario(200);
  const text = yaml.replace(/^name: .*$/m, `name: cached-${tag}`);
  expect(text.length).toBeGreaterThan(MIN);
  return text;
}

function write(name: string, text: string): string {
  const f = join(work, name);
  writeFileSync(f, text);
  return f;
}

/** Loads with the cache off: what a parse gives. */
async function coldLoad(file: string) {
  process.env.TRAILCOST_NO_CACHE = '1';
  try {
    return (await loadScenarioFile(file)).scenario;
  } finally {
    delete process.env.TRAILCOST_NO_CACHE;
  }
}

/** Rewrites an entry's payload with a correct header (key, digest, length): only the content can make it fail. */
function forge(entry: string, value: unknown): void {
  const buf = readFileSync(entry);
  const nl = buf.indexOf(10);
  const m = /^(\S+) key=([0-9a-f]{64}) /.exec(buf.subarray(0, nl).toString('latin1'));
  if (!m) throw new Error(`not an entry header: ${buf.subarray(0, nl).toString('latin1')}`);
  const payload = Buffer.from(JSON.stringify(value));
  const digest = createHash('sha256').update(payload).digest('hex');
  writeFileSync(entry, Buffer.concat([Buffer.from(`${m[1]} key=${m[2]} sha256=${digest} bytes=${payload.length}\n`), payload]));
}

const onlyEntry = (): string => {
  const es = entries();
  expect(es).toHaveLength(1);
  return join(inputsDir(), es[0]);
};

describe('a hit gives what a parse gives', () => {
  it('the second load of the same bytes reads the entry, deep-equal to a cold load, and still reports the bytes read', async () => {
    const f = write('s.yaml', scenarioText());
    const cold = await coldLoad(f);
    expect(entries()).toEqual([]);
    const reads: Array<[string, string]> = [];
    const onRead = (file: string, bytes: Uint8Array) => reads.push([file, Buffer.from(bytes).toString('utf8')]);
    const miss = await loadScenarioFile(f, onRead);
    const entry = onlyEntry();
    const hit = await loadScenarioFile(f, onRead);
    expect(miss.scenario).toStrictEqual(cold);
    expect(hit.scenario).toStrictEqual(cold);
    // Hit or miss, the caller's digest sees the file's bytes (app/load-input.ts).
    expect(reads).toEqual([[f, readFileSync(f, 'utf8')], [f, readFileSync(f, 'utf8')]]);
    // And the value did come from the entry: a forged (valid) one shows through.
    forge(entry, { ...cold, name: 'from-the-cache' });
    expect((await loadScenarioFile(f)).scenario.name).toBe('from-the-cache');
  });

  it('holds on the bundled scenarios too (every default and optional field as the parse leaves it)', async () => {
    setParseCacheLimits({ minBytes: 1 });
    for (const name of ['demo.yaml', 'small-startup.yaml', 'lake-vs-athena.yaml']) {
      const f = new URL(`../../scenarios/${name}`, import.meta.url).pathname;
      const cold = await coldLoad(f);
      await loadScenarioFile(f); // miss: writes the entry
      const n = entries().length;
      expect((await loadScenarioFile(f)).scenario).toStrictEqual(cold);
      expect(entries()).toHaveLength(n);
    }
    expect(entries()).toHaveLength(3);
  });

  it('one changed byte misses', async () => {
    const text = scenarioText();
    const f = write('s.yaml', text);
    await loadScenarioFile(f);
    const first = onlyEntry();
    forge(first, { ...(await coldLoad(f)), name: 'stale' });
    // The same length, one byte else: a name changed in an inventory bucket.
    const changed = text.replace('gen-00-us-00000', 'gen-00-us-0000X');
    expect(changed.length).toBe(text.length);
    writeFileSync(f, changed);
    const loaded = (await loadScenarioFile(f)).scenario;
    expect(loaded).toStrictEqual(await coldLoad(f));
    expect(loaded.inventory?.buckets.some((b) => b.name === 'gen-00-us-0000X')).toBe(true);
    expect(entries()).toHaveLength(2);
  });
});

describe('a damaged or forged entry is a miss, never an error', () => {
  it('a flipped byte anywhere, or a truncation at any length: the right value, and a good entry again after', async () => {
    const f = write('s.yaml', scenarioText());
    const cold = await coldLoad(f);
    await loadScenarioFile(f);
    const entry = onlyEntry();
    const good = readFileSync(entry);
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.record({ kind: fc.constant('flip' as const), at: fc.nat({ max: good.length - 1 }), xor: fc.integer({ min: 1, max: 255 }) }),
          fc.record({ kind: fc.constant('cut' as const), at: fc.nat({ max: good.length - 1 }) }),
        ),
        async (damage) => {
          const bad = Buffer.from(good);
          writeFileSync(entry, damage.kind === 'cut' ? bad.subarray(0, damage.at) : ((bad[damage.at] ^= damage.xor), bad));
          expect((await loadScenarioFile(f)).scenario).toStrictEqual(cold);
          // The miss wrote the entry again, as a parse does.
          expect(readFileSync(entry).equals(good)).toBe(true);
        },
      ),
      { numRuns: 25 },
    );
  });

  it('an entry whose content fails the schema (written by hand, with a correct header) is a miss and is replaced', async () => {
    const f = write('s.yaml', scenarioText());
    const cold = await coldLoad(f);
    await loadScenarioFile(f);
    const entry = onlyEntry();
    const good = readFileSync(entry);
    for (const forged of [{ ...cold, name: 5 }, { ...cold, unknownField: true }, [], null, 'text']) {
      forge(entry, forged);
      expect((await loadScenarioFile(f)).scenario).toStrictEqual(cold);
      expect(readFileSync(entry).equals(good)).toBe(true);
    }
  });

  it('an entry that is a folder, or a link (to a named pipe, to some file), is a miss; what a link points at is left alone', async () => {
    const f = write('s.yaml', scenarioText());
    const cold = await coldLoad(f);
    await loadScenarioFile(f);
    const entry = onlyEntry();
    const good = readFileSync(entry);
    rmSync(entry);
    mkdirSync(entry);
    expect((await loadScenarioFile(f)).scenario).toStrictEqual(cold);
    rmSync(entry, { recursive: true });
    // A pipe stands in for a device: a write through the link would replace it (atomic-write.ts follows links).
    const pipe = join(work, 'pipe');
    execFileSync('mkfifo', [pipe]);
    const other = write('other.txt', 'not an entry');
    for (const target of [pipe, other]) {
      symlinkSync(target, entry);
      expect((await loadScenarioFile(f)).scenario).toStrictEqual(cold);
      expect(lstatSync(entry).isSymbolicLink()).toBe(false);
      expect(readFileSync(entry).equals(good)).toBe(true);
      rmSync(entry);
    }
    expect(lstatSync(pipe).isFIFO()).toBe(true);
    expect(readFileSync(other, 'utf8')).toBe('not an entry');
  });
});

describe('the cache never fails a load', () => {
  it('a cache folder that cannot be made (a file in its way) only means no cache', async () => {
    writeFileSync(join(work, 'cache'), 'not a folder');
    const f = write('s.yaml', scenarioText());
    const loaded = (await loadScenarioFile(f)).scenario;
    expect(loaded).toStrictEqual(await coldLoad(f));
    expect((await loadScenarioFile(f)).scenario).toStrictEqual(loaded);
  });

  it('TRAILCOST_NO_CACHE=1 neither writes entries nor reads them', async () => {
    const f = write('s.yaml', scenarioText());
    await loadScenarioFile(f);
    forge(onlyEntry(), { ...(await coldLoad(f)), name: 'from-the-cache' });
    process.env.TRAILCOST_NO_CACHE = '1';
    expect(parseCacheDir()).toBeNull();
    expect((await loadScenarioFile(f)).scenario.name).toBe('cached-a');
    await loadScenarioFile(write('t.yaml', scenarioText('b')));
    expect(entries()).toHaveLength(1);
    process.env.TRAILCOST_NO_CACHE = '0';
    expect(parseCacheDir()).toBe(inputsDir());
  });
});

describe('what is cached', () => {
  it('files under the size threshold are parsed every time', async () => {
    const text = scenarioText();
    setParseCacheLimits({ minBytes: Buffer.byteLength(text) + 1 });
    await loadScenarioFile(write('s.yaml', text));
    expect(existsSync(inputsDir())).toBe(false);
    setParseCacheLimits({ minBytes: Buffer.byteLength(text) });
    await loadScenarioFile(write('s.yaml', text));
    expect(entries()).toHaveLength(1);
  });

  it('a file that fails validation is never cached, and its error is the one a parse gives', async () => {
    const bad = scenarioText().replace(/^name: .*$/m, 'name: [not, a, name]');
    const f = write('bad.yaml', bad);
    const first = await loadScenarioFile(f).catch((e: unknown) => e);
    expect(first).toBeInstanceOf(UsageError);
    expect((first as Error).message).toMatch(/bad\.yaml:\d+:\d+: .*\(at name\)/);
    expect(entries()).toEqual([]);
    const again = await loadScenarioFile(f).catch((e: unknown) => e);
    expect((again as Error).message).toBe((first as Error).message);
  });

  it('JSON files are not cached (reading an entry back would cost what JSON.parse does)', async () => {
    const cold = await coldLoad(write('s.yaml', scenarioText()));
    const f = write('s.json', JSON.stringify(cold));
    expect((await loadScenarioFile(f)).scenario).toStrictEqual(cold);
    expect(entries()).toEqual([]);
  });

  it('the cache lives in <cacheDir>/inputs (the folder the live start keeps snapshots in)', () => {
    expect(parseCacheDir({ XDG_CACHE_HOME: '/x/c' })).toBe('/x/c/trailcost/inputs');
    expect(parseCacheDir({ XDG_CACHE_HOME: '/x/c', TRAILCOST_NO_CACHE: '1' })).toBeNull();
  });
});

describe('the key', () => {
  it('depends on the kind of file and on the schema, not only on the bytes', () => {
    const bytes = Buffer.from(scenarioText());
    const key = (kind: string, schema: z.ZodType) => parseCacheSlot(kind, schema, bytes)!.key;
    expect(key('scenario', ScenarioSchema)).toBe(key('scenario', ScenarioSchema));
    expect(key('snapshot', ScenarioSchema)).not.toBe(key('scenario', ScenarioSchema));
    // A field added to the schema (a default, say) without a version bump: old entries must not hit.
    expect(key('scenario', ScenarioSchema.extend({ extra: z.string().default('x') }))).not.toBe(key('scenario', ScenarioSchema));
  });

  it('a value JSON cannot carry exactly (-0, undefined, a non-finite number, a class instance) is not kept', async () => {
    const bytes = Buffer.from(scenarioText());
    const Any = z.unknown();
    for (const v of [{ a: -0 }, { a: undefined }, [1, , 2], { a: Infinity }, { d: new Date(0) }, { n: NaN }]) {
      storeCached(parseCacheSlot('test', Any, bytes)!, v);
      expect(entries()).toEqual([]);
    }
    const slot = parseCacheSlot('test', Any, bytes)!;
    storeCached(slot, { a: [0, 'x', null, { b: true }] });
    expect(await readCached(slot, Any)).toEqual({ value: { a: [0, 'x', null, { b: true }] } });
  });
});

describe('eviction keeps the bounds', () => {
  it('at most maxEntries, the least recently used (a hit counts as a use) removed first', async () => {
    setParseCacheLimits({ maxEntries: 3 });
    const files = ['a', 'b', 'c', 'd', 'e'].map((t) => write(`${t}.yaml`, scenarioText(t)));
    const entryOf = new Map<string, string>();
    const before = new Set<string>();
    const now = Date.now() / 1000;
    for (const [i, f] of files.slice(0, 3).entries()) {
      await loadScenarioFile(f);
      const added = entries().filter((e) => !before.has(e));
      expect(added).toHaveLength(1);
      before.add(added[0]);
      entryOf.set(f, added[0]);
      // Distinct ages whatever the clock's resolution: a oldest, c newest.
      utimesSync(join(inputsDir(), added[0]), now - 300 + i * 10, now - 300 + i * 10);
    }
    await loadScenarioFile(files[0]); // a hit: a is now the most recently used
    expect(entries()).toHaveLength(3);
    await loadScenarioFile(files[3]); // d: b (least recently used) goes
    expect(entries()).toHaveLength(3);
    expect(entries()).not.toContain(entryOf.get(files[1]));
    expect(entries()).toContain(entryOf.get(files[0]));
    expect(entries()).toContain(entryOf.get(files[2]));
  });

  it('at most maxBytes in all', async () => {
    await loadScenarioFile(write('a.yaml', scenarioText('a')));
    const size = statSync(join(inputsDir(), entries()[0])).size;
    setParseCacheLimits({ maxBytes: Math.floor(size * 2.5) });
    for (const t of ['b', 'c', 'd', 'e']) await loadScenarioFile(write(`${t}.yaml`, scenarioText(t)));
    const total = entries().reduce((s, e) => s + statSync(join(inputsDir(), e)).size, 0);
    expect(entries()).toHaveLength(2);
    expect(total).toBeLessThanOrEqual(size * 2.5);
  });

  it('an entry bigger than maxBytes is not written at all', async () => {
    setParseCacheLimits({ maxBytes: 1000 });
    await loadScenarioFile(write('a.yaml', scenarioText()));
    expect(entries()).toEqual([]);
  });
});
