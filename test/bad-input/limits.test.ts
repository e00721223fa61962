/** The input limits in-process: nesting through aliases, shared values, bounded reads and gunzip. */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { parseWithSchema } from '../../src/scenario/parse.js';
import fc from 'fast-check';
import { jsonTooDeep, MAX_NESTING, valueDepthProblem, yamlDepthProblem } from '../../src/scenario/limits.js';
import { ScenarioSchema } from '../../src/scenario/schema.js';
import { gunzipBounded, readInputBytes, readInputContent } from '../../src/io/read-input.js';

describe('nesting limit', () => {
  it('aliases that nest deeper than the text does are caught after expansion, at the alias', () => {
    // Four anchors of 60 levels, each holding the one before: 240 levels, though no line nests more than 61.
    const lines = ['name: x'];
    for (let i = 0; i < 4; i++) {
      const inner = i === 0 ? '1' : `*a${i - 1}`;
      lines.push(`k${i}: &a${i} ${'['.repeat(60)}${inner}${']'.repeat(60)}`);
    }
    const text = `${lines.join('\n')}\n`;
    expect(yamlDepthProblem(text)).toBeNull();
    const r = parseWithSchema(text, 'f.yaml', ScenarioSchema);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0]).toMatchObject({ file: 'f.yaml', line: 5, message: `nested too deep: more than ${MAX_NESTING} levels of lists and maps` });
    expect(r.problems[0].path).toMatch(/^k3\[0\]\[0\]\[0\]\[0\]…\[0\]\[0\]\[0\], level 201$/);
  });

  it('a value shared 2^150 ways is measured once per object, not per path', () => {
    let v: unknown = 1;
    for (let i = 0; i < 150; i++) v = [v, v];
    const t = Date.now();
    expect(valueDepthProblem(v)).toBeNull();
    expect(Date.now() - t).toBeLessThan(1000);
    for (let i = 0; i < 60; i++) v = [v, v];
    expect(valueDepthProblem(v)?.path).toMatch(/level 201$/);
  });
});

describe('JSON nesting read from the text (the big-snapshot fast path)', () => {
  // Strings full of brackets, quotes and backslashes must not count; only structure does.
  const tricky = fc.string({ unit: fc.constantFrom('[', ']', '{', '}', '"', '\\', 'a', ' ', '\u00e9') });
  const nested = (depth: number, leaf: unknown, asObject: boolean[]): unknown => {
    let v = leaf;
    for (let i = depth - 1; i >= 0; i--) v = asObject[i % asObject.length] ? { [`k"[${i}\\`]: v } : [v];
    return v;
  };
  it('agrees with the parsed value\'s depth, at and around the limit', () => {
    fc.assert(
      fc.property(fc.oneof(fc.constantFrom(MAX_NESTING, MAX_NESTING + 1), fc.integer({ min: 1, max: MAX_NESTING + 3 })), fc.oneof(tricky, fc.constantFrom([], {}, 0)), fc.array(fc.boolean(), { minLength: 1, maxLength: 5 }), (depth, leaf, kinds) => {
        const text = JSON.stringify(nested(depth, leaf, kinds), null, depth % 2 ? 1 : undefined);
        // An empty list or map as the leaf is one more level.
        expect(jsonTooDeep(text)).toBe(depth + (typeof leaf === 'object' ? 1 : 0) > MAX_NESTING);
        expect(jsonTooDeep(text)).toBe(valueDepthProblem(JSON.parse(text)) !== null);
      }),
      { numRuns: 200 },
    );
  });
  it('siblings do not add up: wide is not deep', () => {
    const wide = JSON.stringify(Array.from({ length: 1000 }, () => nested(MAX_NESTING - 1, 'x"]', [true, false])));
    expect(jsonTooDeep(wide)).toBe(false);
  });
});

describe('bounded reads', () => {
  const dir = mkdtempSync(join(tmpdir(), 'trailcost-limits-'));
  it('a file over the limit is refused by its size, one within it is read whole', async () => {
    const f = join(dir, 'eleven.json');
    writeFileSync(f, '12345678901');
    await expect(readInputBytes(f, 10)).rejects.toThrow(`${f}: too large: 0.0 MiB, over the 256 MiB input limit`);
    expect((await readInputBytes(f, 11)).toString()).toBe('12345678901');
  });
  it('gzip is decompressed up to the limit and no further', async () => {
    const gz = gzipSync(Buffer.alloc(1 << 20));
    await expect(gunzipBounded(gz, {}, 1 << 19)).rejects.toThrow(/too large: decompresses to more than/);
    expect((await gunzipBounded(gz, {}, 1 << 20)).length).toBe(1 << 20);
    const f = join(dir, 'x.json.gz');
    writeFileSync(f, gz.subarray(0, 100));
    await expect(readInputContent(f)).rejects.toThrow(`${f}: not a valid gzip file (unexpected end of file)`);
  });
});
