import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { gunzipChunkSize, readLogFiles, type FileProblem } from '../../src/collect/logs.js';
import { sampleLocalLogs } from '../../src/collect/sample-logs.js';
import { generateRecords } from './generate.js';

// Gunzip sizes its single output chunk from the gzip trailer (ISIZE); these are the cases where the trailer does
// not give the whole size: a multi-member file must still decode completely, a lying trailer is a corrupt file.
const START = Date.parse('2026-11-01T00:00:00Z');
let dir: string;
const recs = (seed: number, count: number) => generateRecords({ seed, count, start: START, spanMs: 86_400_000 });

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'trailcost-gunzip-'));
  // Two gzip members concatenated (what `cat a.gz b.gz` gives): ISIZE names only the last, small member.
  const text = JSON.stringify({ Records: recs(1, 400) });
  const cut = text.length - 10;
  writeFileSync(join(dir, 'a-multi.json.gz'), Buffer.concat([gzipSync(text.slice(0, cut)), gzipSync(text.slice(cut))]));
  // A trailer claiming a tiny size (ISIZE is only the size mod 2³²): the output grows past the first chunk.
  const z = gzipSync(JSON.stringify({ Records: recs(2, 300) }));
  z.writeUInt32LE(1, z.length - 4);
  writeFileSync(join(dir, 'b-lying-isize.json.gz'), z);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('gunzip chunk sizing', () => {
  it('takes the uncompressed size from the gzip trailer, bounded', () => {
    const text = 'x'.repeat(300_000);
    expect(gunzipChunkSize(gzipSync(text))).toBe(300_001);
    expect(gunzipChunkSize(gzipSync('small'))).toBe(64 << 10);
    const huge = gzipSync('y');
    huge.writeUInt32LE(0xffffffff, huge.length - 4);
    expect(gunzipChunkSize(huge)).toBe(256 << 20);
    expect(gunzipChunkSize(Buffer.from([0x1f, 0x8b]))).toBe(64 << 10);
  });

  it('the shared reader decodes multi-member gzip and files whose trailer understates their size, whole', async () => {
    const problems: FileProblem[] = [];
    const got: number[] = [];
    for await (const f of readLogFiles([join(dir, 'a-multi.json.gz'), join(dir, 'b-lying-isize.json.gz')], { onProblem: (p) => problems.push(p) })) {
      got.push(f.records.length);
    }
    // zlib checks ISIZE against what it decoded: the lying trailer is a corrupt file, reported and skipped.
    expect(got).toEqual([400]);
    expect(problems.map((p) => [p.file.endsWith('b-lying-isize.json.gz'), /not a valid gzip file/.test(p.message)])).toEqual([[true, true]]);
  });

  it('sample counts the same events from multi-member gzip as from the plain file', async () => {
    const plain = join(dir, 'plain');
    mkdirSync(plain);
    writeFileSync(join(plain, 'a.json'), JSON.stringify({ Records: recs(1, 400) }));
    const a = await sampleLocalLogs([join(dir, 'a-multi.json.gz')]);
    const b = await sampleLocalLogs([plain]);
    expect(a.problems).toEqual([]);
    expect(a.aggregator.records).toBe(b.aggregator.records);
    expect(a.aggregator.result('x')).toEqual(b.aggregator.result('x'));
  });
});
