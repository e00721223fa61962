/**
 * `trailcost sample` throughput on generated CloudTrail log files (≥ 2 GB uncompressed by default), beside two
 * baselines measured in the same run on the same files:
 *   - `gzip -dc` to /dev/null: the floor (decompression alone);
 *   - `zcat | jq` counting data events per bucket: what a user would otherwise run (on a subset when large,
 *     since jq is slow; its MB/s is what is compared).
 * Also the same run on one thread (--threads 0), and peak RSS of `trailcost sample` on a quarter of the files
 * and on all of them: memory should stay flat.
 * Size: BENCH_SAMPLE_GB (default 2.1). Files are written to a temp folder and deleted afterwards.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { SampleAggregator } from '../src/sample/aggregate.js';
import { encodeLogRecords, forEachRecord, type EncodedRecords } from '../src/sample/project-records.js';
import { gunzipChunkSize } from '../src/collect/logs.js';
import { generateRecords } from '../test/sample/generate.js';

const ROOT = join(import.meta.dirname, '..');
const TIME = '/usr/bin/time';

interface Run {
  seconds: number;
  maxRssMb: number | null;
  status: number | null;
  stdout: string;
  stderr: string;
}

function timed(cmd: string): Run {
  const useTime = statSync(TIME, { throwIfNoEntry: false }) !== undefined;
  const marker = '__BENCH_TIME__';
  const wrapped = useTime ? `${TIME} -f '${marker} %e %M' bash -c ${JSON.stringify(cmd)}` : cmd;
  const t0 = process.hrtime.bigint();
  const r = spawnSync('bash', ['-c', wrapped], {
    encoding: 'utf8',
    maxBuffer: 1 << 28,
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  });
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  const m = new RegExp(`${marker} ([\\d.]+) (\\d+)`).exec(r.stderr ?? '');
  return {
    seconds: m ? Number(m[1]) || wall : wall,
    maxRssMb: m ? Number(m[2]) / 1024 : null,
    status: r.status,
    stdout: r.stdout ?? '',
    stderr: (r.stderr ?? '').replace(new RegExp(`${marker}.*\\n?`), ''),
  };
}

function which(bin: string): boolean {
  return spawnSync('bash', ['-c', `command -v ${bin}`]).status === 0;
}

const mbps = (bytes: number, s: number): string => (bytes / 1e6 / s).toFixed(1);

export default async function main(): Promise<void> {
  const targetGb = Number(process.env.BENCH_SAMPLE_GB ?? '2.1');
  const top = mkdtempSync(join(tmpdir(), 'trailcost-bench-sample-'));
  const dir = join(top, 'logs');
  mkdirSync(dir);
  try {
    // One ~48 MB template (CloudTrail's own file size ceiling is ~50 MB), written many times with unique eventIDs
    // per file. Records average ~1.6 KB, near AWS's published 1.5 KB: record size moves MB/s (per-record costs).
    const t0 = Date.now();
    const perFileRecords = 30_000;
    const template = JSON.stringify({
      Records: generateRecords({ seed: 5, count: perFileRecords, start: Date.parse('2026-11-01T00:00:00Z'), spanMs: 7 * 86_400_000, callers: 40 }),
    });
    const perFile = Buffer.byteLength(template);
    const files = Math.max(4, Math.ceil((targetGb * 1e9) / perFile));
    let raw = 0;
    let gz = 0;
    const names: string[] = [];
    for (let i = 0; i < files; i++) {
      // Rewrite the first 4 hex digits of each eventID so every file's events are distinct.
      const tag = i.toString(16).padStart(4, '0');
      const text = template.replace(/"eventID":"[0-9a-f]{4}/g, `"eventID":"${tag}`);
      const z = gzipSync(text, { level: 6 });
      const name = join(dir, `111122223333_CloudTrail_us-east-1_20261101T${String(i).padStart(4, '0')}Z_bench.json.gz`);
      writeFileSync(name, z);
      names.push(name);
      raw += Buffer.byteLength(text);
      gz += z.length;
    }
    console.log(`generated ${files} files: ${(raw / 1e9).toFixed(2)} GB uncompressed, ${(gz / 1e9).toFixed(3)} GB gzip, ${((files * perFileRecords) / 1e6).toFixed(2)} M records of ${(perFile / perFileRecords).toFixed(0)} B avg (${((Date.now() - t0) / 1000).toFixed(0)} s)`);

    // Ratios only mean something on an idle machine: say how busy it was.
    console.log(`machine: ${cpus().length} CPUs, load average ${loadavg()[0].toFixed(1)} at start`);
    const floor = timed(`gzip -dc ${dir}/*.json.gz > /dev/null`);
    console.log(`gzip -dc > /dev/null        ${floor.seconds.toFixed(1)} s  ${mbps(gz, floor.seconds)} MB/s compressed  ${mbps(raw, floor.seconds)} MB/s uncompressed`);

    const quarter = names.slice(0, Math.max(1, Math.floor(files / 4)));
    const qdir = join(top, 'q');
    spawnSync('bash', ['-c', `mkdir -p ${qdir} && ln -s ${quarter.join(' ')} ${qdir}/`]);
    const sq = timed(`node ${join(ROOT, 'bin', 'trailcost.js')} sample ${qdir} --no-progress --out ${join(top, 'q.json')} > /dev/null`);
    const s = timed(`node ${join(ROOT, 'bin', 'trailcost.js')} sample ${dir} --no-progress --out ${join(top, 'snap.json')}`);
    if (s.status !== 0) throw new Error(`trailcost sample failed (${s.status}): ${s.stderr}`);
    const events = /([\d,]+) data events/.exec(s.stdout)?.[1] ?? '?';
    console.log(`trailcost sample            ${s.seconds.toFixed(1)} s  ${mbps(gz, s.seconds)} MB/s compressed  ${mbps(raw, s.seconds)} MB/s uncompressed  (${events} events; peak RSS ${s.maxRssMb?.toFixed(0) ?? '?'} MB, on 1/4 of the files ${sq.maxRssMb?.toFixed(0) ?? '?'} MB)`);

    // The same on this thread alone (--threads 0): what one core gives, the gunzip still on zlib's thread pool.
    const s0 = timed(`node ${join(ROOT, 'bin', 'trailcost.js')} sample ${dir} --no-progress --threads 0 --out ${join(top, 'snap0.json')} > /dev/null`);
    if (s0.status !== 0) throw new Error(`trailcost sample --threads 0 failed (${s0.status}): ${s0.stderr}`);
    console.log(`  --threads 0                ${s0.seconds.toFixed(1)} s  ${mbps(gz, s0.seconds)} MB/s compressed  ${mbps(raw, s0.seconds)} MB/s uncompressed  (peak RSS ${s0.maxRssMb?.toFixed(0) ?? '?'} MB)`);

    if (!which('jq')) {
      console.log('zcat | jq                   jq is not installed: baseline not measured (install jq to compare)');
    } else {
      // jq runs at a few MB/s: measure it on enough files for a stable rate, not on all of them.
      const jqFiles = names.slice(0, Math.max(1, Math.min(files, Math.ceil(files / 5))));
      const jqGz = jqFiles.reduce((a, f) => a + statSync(f).size, 0);
      const jqRaw = jqFiles.length * perFile;
      const filter = '.Records[] | select(.eventCategory == "Data") | (.resources // [] | map(select(.type == "AWS::S3::Object")) | .[0] | (.ARN // .ARNPrefix // empty)) | split("/")[0]';
      const j = timed(`zcat ${jqFiles.join(' ')} | jq -r '${filter}' | sort | uniq -c > /dev/null`);
      if (j.status !== 0) throw new Error(`jq baseline failed: ${j.stderr}`);
      console.log(`zcat | jq (${jqFiles.length}/${files} files)    ${j.seconds.toFixed(1)} s  ${mbps(jqGz, j.seconds)} MB/s compressed  ${mbps(jqRaw, j.seconds)} MB/s uncompressed`);
      const ratioJq = (raw / s.seconds) / (jqRaw / j.seconds);
      console.log(`ratio: trailcost / jq = ${ratioJq.toFixed(1)}× faster (target ≥ 5×)`);
      console.log(`  --threads 0: ${((raw / s0.seconds) / (jqRaw / j.seconds)).toFixed(1)}×`);
    }
    console.log(`load average ${loadavg()[0].toFixed(1)} at end`);
    // Where the time goes, per file, in this process (median of 3): the projecting scanner against JSON.parse.
    const z = gzipSync(template);
    const stage = (f: () => void): number => {
      const t: number[] = [];
      for (let k = 0; k < 3; k++) {
        const a = performance.now();
        f();
        t.push(performance.now() - a);
      }
      return t.sort((x, y) => x - y)[1];
    };
    let buf = Buffer.alloc(0);
    let text = '';
    let encoded: EncodedRecords | null = null;
    const g = stage(() => (buf = gunzipSync(z, { chunkSize: gunzipChunkSize(z) })));
    const d = stage(() => (text = buf.toString('utf8')));
    const p = stage(() => JSON.parse(text));
    const e = stage(() => (encoded = encodeLogRecords(buf)));
    const a = stage(() => {
      const agg = new SampleAggregator();
      forEachRecord(encoded!, (r) => agg.addRecord(r));
    });
    console.log(`per ${(perFile / 1e6).toFixed(0)} MB file: gunzip ${g.toFixed(0)} ms, project ${e.toFixed(0)} ms (both on worker threads; utf8 + JSON.parse would be ${d.toFixed(0)} + ${p.toFixed(0)} ms), decode + aggregate ${a.toFixed(0)} ms (main thread)`);
    const ratioFloor = s.seconds / floor.seconds;
    console.log(`ratio: trailcost time / gunzip floor = ${ratioFloor.toFixed(2)}× (target ≤ 3×)`);
    console.log(`  --threads 0: ${(s0.seconds / floor.seconds).toFixed(2)}×`);
    if (s.maxRssMb && sq.maxRssMb) {
      console.log(`memory: peak RSS ${sq.maxRssMb.toFixed(0)} MB on ${quarter.length} files → ${s.maxRssMb.toFixed(0)} MB on ${files} files (${(s.maxRssMb / sq.maxRssMb).toFixed(2)}× for ${(files / quarter.length).toFixed(1)}× the data)`);
    }
  } finally {
    rmSync(top, { recursive: true, force: true });
  }
}
