/**
 * `trailcost sample` throughput on generated CloudTrail log files (≥ 2 GB uncompressed by default), each figure
 * beside its baseline measured in the same run on the same files, with its target:
 *   - `zcat | jq` counting data events per bucket: what a user would otherwise run (on a subset, since jq is slow;
 *     its MB/s is compared). Target: sample ≥ 5× faster.
 *   - the parallel gunzip floor: decompression alone, the files split over one `gzip -dc` (or `pigz -dc`, when
 *     installed) per core. Target: sample ≤ 2× that time. Node's own zlib on every core (the inflater sample
 *     uses) is printed too: the part of the work no scanner can remove.
 * The binary is the bundle `npm ci` builds (bench/fresh-build.ts). Runs with the default threads (one per core),
 * one worker, and none (--threads 0), with the CPU time of the main thread and of the workers (Linux /proc), and
 * how many cores the run kept busy; peak RSS on a quarter of the files and on all of them (memory stays flat).
 * Size: BENCH_SAMPLE_GB (default 2.1). Files are written to a temp folder and deleted afterwards.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { SampleAggregator } from '../src/sample/aggregate.js';
import { encodeLogRecords, forEachRecord, type EncodedRecords } from '../src/sample/project-records.js';
import { gunzipChunkSize } from '../src/collect/logs.js';
import { generateRecords } from '../test/sample/generate.js';
import { currentBinary } from './fresh-build.js';

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

interface ThreadRun {
  wall: number;
  status: number | null;
  stdout: string;
  stderr: string;
  peakRssMb: number | null;
  /**
   * CPU ms per kind of thread (Linux /proc; null elsewhere): main, the `workers` busiest others, the rest; and how
   * long the main thread and the workers were ready to run but waited for a core (the machine's cores were busy).
   */
  cpu: { main: number; workers: number[]; other: number; total: number; mainWait: number; workerWait: number[] } | null;
}

/**
 * Task stats of a process: per thread id, ms on a CPU and ms runnable but waiting for one (schedstat), and its
 * peak RSS so far (MB).
 */
function taskStats(pid: number): { cpu: Map<string, { run: number; wait: number }>; hwm: number | null } | null {
  try {
    const cpu = new Map<string, { run: number; wait: number }>();
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      try {
        const [run, wait] = readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ').map(Number);
        cpu.set(tid, { run: run / 1e6, wait: wait / 1e6 });
      } catch {
        // the thread ended meanwhile
      }
    }
    const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return { cpu, hwm: hwm ? Number(hwm[1]) / 1024 : null };
  } catch {
    return null;
  }
}

/**
 * Runs `node ARGS`, sampling its threads' CPU time every 20 ms (a thread's last figure before it ended counts):
 * which thread did the work, and how many cores the run kept busy.
 */
function threadCpu(args: string[], workers: number): Promise<ThreadRun> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, args, { env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    const seen = new Map<string, { run: number; wait: number }>();
    let peak: number | null = null;
    let linux = true;
    const tick = () => {
      const s = taskStats(child.pid!);
      if (!s) return;
      for (const [tid, t] of s.cpu) seen.set(tid, t);
      if (s.hwm !== null) peak = s.hwm;
    };
    if (!existsSync('/proc/self/task')) linux = false;
    const timer = linux ? setInterval(tick, 20) : null;
    child.on('error', reject);
    child.on('close', (status) => {
      if (timer) clearInterval(timer);
      const wall = (performance.now() - t0) / 1000;
      let cpu: ThreadRun['cpu'] = null;
      if (linux && seen.size) {
        const main = seen.get(String(child.pid)) ?? { run: 0, wait: 0 };
        const others = [...seen].filter(([tid]) => tid !== String(child.pid)).map(([, t]) => t).sort((x, y) => y.run - x.run);
        const w = others.slice(0, workers);
        const other = others.slice(workers).reduce((x, y) => x + y.run, 0);
        const total = main.run + w.reduce((x, y) => x + y.run, 0) + other;
        cpu = { main: main.run, workers: w.map((x) => x.run), other, total, mainWait: main.wait, workerWait: w.map((x) => x.wait) };
      }
      resolve({ wall, status, stdout, stderr, peakRssMb: peak, cpu });
    });
  });
}

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
    const cores = cpus().length;
    console.log(`machine: ${cores} CPUs, load average ${loadavg()[0].toFixed(1)} at start`);
    const line = (label: string, seconds: number, extra = '') =>
      console.log(`${label.padEnd(38)} ${seconds.toFixed(1).padStart(5)} s  ${mbps(gz, seconds).padStart(6)} MB/s gz  ${mbps(raw, seconds).padStart(6)} MB/s raw${extra}`);

    // ---- floors: decompression alone ----
    const inParallel = (tool: string) => `ls ${dir}/*.json.gz | xargs -P ${cores} -n ${Math.max(1, Math.ceil(files / cores / 4))} ${tool} -dc > /dev/null`;
    const gzip1 = timed(`gzip -dc ${dir}/*.json.gz > /dev/null`);
    line('gzip -dc, one process', gzip1.seconds);
    const gzipP = timed(inParallel('gzip'));
    line(`gzip -dc, ${cores} in parallel`, gzipP.seconds);
    const pigz = which('pigz') ? timed(inParallel('pigz')) : null;
    if (pigz) line(`pigz -dc, ${cores} in parallel`, pigz.seconds);
    const floor = pigz ?? gzipP;
    const floorName = `${pigz ? 'pigz' : 'gzip'} -dc on ${cores} cores`;
    // The inflater sample itself uses (zlib, through Node), on every core: no scanner gets below it.
    const zlibScript = `const fs=require('fs'),z=require('zlib'),f=process.argv.slice(1);let i=0;const next=()=>{if(i>=f.length)return;const b=fs.readFileSync(f[i++]);z.gunzip(b,{chunkSize:Math.min(Math.max(b.readUInt32LE(b.length-4)+1,65536),1<<28)},(e)=>{if(e)throw e;next()})};for(let k=0;k<${cores};k++)next();`;
    const zlib = timed(`node -e ${JSON.stringify(zlibScript)} ${dir}/*.json.gz`);
    line(`Node zlib on ${cores} threads`, zlib.seconds, '   (the inflater sample uses: what bounds any scanner)');

    // ---- baseline: zcat | jq ----
    let jqRate: number | null = null;
    if (!which('jq')) {
      console.log('zcat | jq: jq is not installed, baseline not measured (install jq to compare)');
    } else {
      // jq runs at a few MB/s: measure it on enough files for a stable rate, not on all of them.
      const jqFiles = names.slice(0, Math.max(1, Math.min(files, Math.ceil(files / 5))));
      const jqGz = jqFiles.reduce((x, f) => x + statSync(f).size, 0);
      const jqRaw = jqFiles.length * perFile;
      const filter = '.Records[] | select(.eventCategory == "Data") | (.resources // [] | map(select(.type == "AWS::S3::Object")) | .[0] | (.ARN // .ARNPrefix // empty)) | split("/")[0]';
      const j = timed(`zcat ${jqFiles.join(' ')} | jq -r '${filter}' | sort | uniq -c > /dev/null`);
      if (j.status !== 0) throw new Error(`jq baseline failed: ${j.stderr}`);
      console.log(`${`zcat | jq (${jqFiles.length} of ${files} files)`.padEnd(38)} ${j.seconds.toFixed(1).padStart(5)} s  ${mbps(jqGz, j.seconds).padStart(6)} MB/s gz  ${mbps(jqRaw, j.seconds).padStart(6)} MB/s raw`);
      jqRate = jqRaw / j.seconds;
    }

    // ---- trailcost sample, the bundle, default threads / 1 / 0 ----
    const binary = currentBinary();
    try {
      console.log(`trailcost sample: ${binary.label}`);
      const met = (ok: boolean) => (ok ? 'met' : 'MISSED');
      const sampleRun = async (label: string, args: string[], threads: number) => {
        const r = await threadCpu([binary.bin, 'sample', dir, '--no-progress', ...args], threads);
        if (r.status !== 0) throw new Error(`trailcost sample ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
        const vsJq = jqRate === null ? '' : `; ${((raw / r.wall) / jqRate).toFixed(1)}× jq (target ≥ 5×: ${met(raw / r.wall >= 5 * jqRate)})`;
        const vsFloor = `; ${(r.wall / floor.seconds).toFixed(2)}× the floor, ${floorName} (target ≤ 2×: ${met(r.wall <= 2 * floor.seconds)}); ${(r.wall / zlib.seconds).toFixed(1)}× Node zlib's`;
        line(label, r.wall, vsJq + vsFloor);
        if (r.cpu) {
          const w = r.cpu.workers.map((x) => (x / 1000).toFixed(1)).join(' + ');
          const ww = r.cpu.workerWait.map((x) => (x / 1000).toFixed(1)).join(' + ');
          console.log(`${''.padEnd(40)}CPU: main thread ${(r.cpu.main / 1000).toFixed(1)} s${w ? `, workers ${w} s` : ''}, other threads (GC, zlib pool) ${(r.cpu.other / 1000).toFixed(1)} s; ${(r.cpu.total / 1000 / r.wall).toFixed(2)} of ${cores} cores busy; peak RSS ${r.peakRssMb?.toFixed(0) ?? '?'} MB`);
          console.log(`${''.padEnd(40)}ready but waiting for a core: main thread ${(r.cpu.mainWait / 1000).toFixed(1)} s${ww ? `, workers ${ww} s` : ''}; at ${cores} busy cores the CPU alone takes ${(r.cpu.total / 1000 / cores).toFixed(1)} s (${(r.cpu.total / 1000 / cores / floor.seconds).toFixed(2)}× the floor)`);
        }
        return r;
      };
      const def = Math.min(8, cores);
      const s = await sampleRun(`trailcost sample --threads ${def} (one a core)`, ['--threads', String(def), '--out', join(top, 'snap.json')], def);
      const events = /([\d,]+) data events/.exec(s.stdout)?.[1] ?? '?';
      console.log(`${''.padEnd(40)}${events} events`);
      if (def !== 1) await sampleRun('  --threads 1', ['--threads', '1', '--out', join(top, 'snap1.json')], 1);
      await sampleRun('  --threads 0 (this thread; gunzip on the zlib pool)', ['--threads', '0', '--out', join(top, 'snap0.json')], 0);

      // Memory stays flat: peak RSS on a quarter of the files against all of them.
      const quarter = names.slice(0, Math.max(1, Math.floor(files / 4)));
      const qdir = join(top, 'q');
      spawnSync('bash', ['-c', `mkdir -p ${qdir} && ln -s ${quarter.join(' ')} ${qdir}/`]);
      const sq = await threadCpu([binary.bin, 'sample', qdir, '--no-progress', '--threads', String(def), '--out', join(top, 'q.json')], def);
      if (s.peakRssMb && sq.peakRssMb) {
        console.log(`memory: peak RSS ${sq.peakRssMb.toFixed(0)} MB on ${quarter.length} files → ${s.peakRssMb.toFixed(0)} MB on ${files} files (${(s.peakRssMb / sq.peakRssMb).toFixed(2)}× for ${(files / quarter.length).toFixed(1)}× the data)`);
      }
    } finally {
      binary.close();
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
  } finally {
    rmSync(top, { recursive: true, force: true });
  }
}
