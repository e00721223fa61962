/**
 * sample's worker threads (collect/sample-threads.ts): a file's bytes reach the worker whole and only them, the
 * worker's answer is the encoding this thread would make, and nothing the caller holds is moved away (detached).
 * A wrong answer would not show in a sample's result (a file the worker cannot take is read again on this thread,
 * to report it), so the pool is checked directly.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gunzipSync, gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { startDecodePool, type DecodePool } from '../../src/collect/sample-threads.js';
import { encodeLogRecords, type EncodedRecords } from '../../src/sample/project-records.js';
import { generateRecords } from './generate.js';

let pool: DecodePool;
beforeAll(() => {
  pool = startDecodePool(2);
});
afterAll(() => pool.close());

const logText = (seed: number, count: number) =>
  JSON.stringify({ Records: generateRecords({ seed, count, start: Date.parse('2026-11-01T00:00:00Z'), spanMs: 86_400_000 }) });

/** `bytes` placed at `offset` in a larger buffer full of `fill`: what a Buffer from a shared pool or a bigger read looks like. */
function viewInto(bytes: Uint8Array, offset: number, after: number, fill: number): Buffer {
  const big = Buffer.alloc(offset + bytes.length + after, fill);
  big.set(bytes, offset);
  return big.subarray(offset, offset + bytes.length);
}

describe('the decode pool', () => {
  it('encodes a file given as a view into a larger buffer exactly as this thread does, gzip or not', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 1000 }),
        fc.integer({ min: 0, max: 120 }),
        fc.nat({ max: 4096 }),
        fc.nat({ max: 4096 }),
        fc.integer({ min: 0, max: 255 }),
        fc.boolean(),
        async (seed, count, offset, after, fill, gz) => {
          const text = logText(seed, count);
          const stored = gz ? gzipSync(text) : Buffer.from(text);
          const bytes = viewInto(stored, offset, after, fill);
          const got = await pool.decode(bytes);
          const here = encodeLogRecords(gz ? gunzipSync(stored) : stored);
          expect(here).not.toBeNull();
          expect(got).not.toBeNull();
          expect(got).toEqual({ ...here!, slots: new Int32Array(here!.slots), entries: new Int32Array(here!.entries) });
          // Copied, not moved: the caller's bytes are still there.
          expect(bytes.byteLength).toBe(stored.length);
          expect(Buffer.compare(bytes, stored)).toBe(0);
        },
      ),
      { numRuns: 25 },
    );
  });

  it('answers null for a file it cannot take, and the next file still right', async () => {
    expect(await pool.decode(gzipSync('{"Records": [ {"eventID": "a"},, ]}'))).toBeNull();
    const text = logText(9, 50);
    expect((await pool.decode(Buffer.from(text))) as EncodedRecords).toMatchObject({ count: 50 });
  });
});
