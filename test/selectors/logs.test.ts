import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { expandLogPaths, readRecords, type FileProblem } from '../../src/collect/logs.js';
import { UsageError } from '../../src/errors.js';

const rec = (id: string) => ({ eventID: id, eventName: 'GetObject', eventSource: 's3.amazonaws.com' });
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'trailcost-logs-'));
  const day = join(dir, 'AWSLogs', '111122223333', 'CloudTrail', 'us-east-1', '2026', '11', '23');
  mkdirSync(day, { recursive: true });
  mkdirSync(join(dir, 'AWSLogs', '111122223333', 'CloudTrail-Digest', 'us-east-1'), { recursive: true });
  writeFileSync(join(day, 'b.json.gz'), gzipSync(JSON.stringify({ Records: [rec('b1'), rec('b2')] })));
  writeFileSync(join(day, 'a.json.gz'), gzipSync(JSON.stringify({ Records: [rec('a1')] })));
  writeFileSync(join(day, 'notes.txt'), 'ignored');
  writeFileSync(join(dir, 'AWSLogs', '111122223333', 'CloudTrail-Digest', 'us-east-1', 'd.json.gz'), gzipSync('{}'));
  writeFileSync(join(dir, 'array.json'), JSON.stringify([rec('x1'), rec('x2')]));
  writeFileSync(join(dir, 'single.json'), JSON.stringify(rec('s1')));
  // gzip without the .gz extension: detected by magic bytes.
  writeFileSync(join(dir, 'gz-no-ext.json'), gzipSync(JSON.stringify({ Records: [rec('g1')] })));
  writeFileSync(join(dir, 'bad.json'), '{\n  "Records": [\n    {"eventID": "1",}\n  ]\n}');
  writeFileSync(join(dir, 'truncated.json.gz'), gzipSync(JSON.stringify({ Records: [rec('t')] })).subarray(0, 20));
  writeFileSync(join(dir, 'shape.json'), JSON.stringify({ hello: 1 }));
  writeFileSync(join(dir, 'shape2.json'), JSON.stringify({ Records: [rec('ok'), 5] }));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function collect(files: string[], onProblem?: (p: FileProblem) => void) {
  const out: string[] = [];
  for await (const r of readRecords(files, onProblem ? { onProblem } : {})) out.push(`${r.record.eventID}@${r.index}`);
  return out;
}

describe('expandLogPaths', () => {
  it('walks an AWSLogs tree in sorted order, keeps only *.json(.gz), skips digest files', async () => {
    const files = await expandLogPaths([join(dir, 'AWSLogs')]);
    expect(files.map((f) => f.slice(dir.length))).toEqual([
      '/AWSLogs/111122223333/CloudTrail/us-east-1/2026/11/23/a.json.gz',
      '/AWSLogs/111122223333/CloudTrail/us-east-1/2026/11/23/b.json.gz',
    ]);
  });
  it('keeps named files in argument order and drops duplicates', async () => {
    const a = join(dir, 'single.json');
    const b = join(dir, 'array.json');
    expect(await expandLogPaths([a, b, a])).toEqual([a, b]);
  });
  it('names a missing path', async () => {
    await expect(expandLogPaths([join(dir, 'nope')])).rejects.toThrow(/nope: no such file or folder/);
  });
});

describe('readRecords', () => {
  it('reads log files, arrays, single records and gzip by magic bytes, in order', async () => {
    const files = [...(await expandLogPaths([join(dir, 'AWSLogs')])), ...['array.json', 'single.json', 'gz-no-ext.json'].map((f) => join(dir, f))];
    expect(await collect(files)).toEqual(['a1@0', 'b1@0', 'b2@1', 'x1@0', 'x2@1', 's1@0', 'g1@0']);
  });
  it('bad JSON throws a UsageError with file:line:col', async () => {
    const f = join(dir, 'bad.json');
    const err = await collect([f]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UsageError);
    expect((err as Error).message).toMatch(new RegExp(`^${f.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:3:21: invalid JSON`));
  });
  it('a truncated gzip is named', async () => {
    await expect(collect([join(dir, 'truncated.json.gz')])).rejects.toThrow(/truncated\.json\.gz: not a valid gzip file/);
  });
  it('a wrong shape is named with a JSON path', async () => {
    await expect(collect([join(dir, 'shape.json')])).rejects.toThrow(/shape\.json: \$: expected/);
    await expect(collect([join(dir, 'shape2.json')])).rejects.toThrow(/shape2\.json: \$\.Records\[1\]: expected a CloudTrail record/);
  });
  it('with onProblem, bad files are reported and skipped and reading continues', async () => {
    const problems: FileProblem[] = [];
    const files = ['bad.json', 'single.json', 'truncated.json.gz', 'shape2.json', 'array.json', 'missing.json'].map((f) => join(dir, f));
    expect(await collect(files, (p) => problems.push(p))).toEqual(['s1@0', 'x1@0', 'x2@1']);
    expect(problems.map((p) => [p.file.slice(dir.length + 1), p.message.split(':')[0]])).toEqual([
      ['bad.json', 'line 3, column 21'],
      ['truncated.json.gz', 'not a valid gzip file (unexpected end of file)'],
      ['shape2.json', '$.Records[1]'],
      ['missing.json', 'no such file'],
    ]);
  });
});
