/**
 * The live start's figures for the TUI benchmark (bench/tui.bench.ts calls `liveStartBench`): `trailcost
 * --org-role R` in a pseudo-terminal against the local AWS fake (real SDK clients over HTTP, a fixed latency per
 * request), timed from launch to the live view's first frame (the scan's progress) and to the organization on
 * screen, with the binary's own marks (TRAILCOST_TIMING); the same scan run alone (`trailcost scan --out`) as the
 * baseline of the scan inside the view; `--help` as the floor of any start; and the next start on the kept snapshot.
 */
import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { createElement } from 'react';
import { render } from 'ink';
import { startFakeAws, type FakeAws } from '../test/fake-aws/server.js';
import { runScan, type ScanOptions } from '../src/collect/scan.js';
import { quietProgress } from '../src/collect/progress.js';
import { LiveApp, type Opened } from '../src/tui/live/LiveApp.js';
import { plainTheme } from '../src/tui/theme.js';
import { TmuxSession } from '../test/tui/helpers/tmux.js';

const ROOT = join(import.meta.dirname, '..');
const ROLE = 'OrganizationAccountAccessRole';
const LATENCY_MS = Number(process.env.BENCH_LIVE_LATENCY_MS ?? 20);

const run = promisify(execFile);
/**
 * The screen, read without blocking this process: the fake answers the scan's requests from this event loop, and a
 * synchronous tmux call every few milliseconds would stall it (and slow the very scan being timed).
 */
const screen = async (s: TmuxSession) => (await run('tmux', ['-L', s.socket, 'capture-pane', '-p', '-t', s.name], { encoding: 'utf8' })).stdout;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (x: number) => `${Math.round(x).toLocaleString('en-US')} ms`;

function envFor(aws: FakeAws, cache: string): Record<string, string> {
  const home = mkdtempSync(join(tmpdir(), 'trailcost-bench-live-home-'));
  return {
    ...aws.env, XDG_CACHE_HOME: cache, HOME: home, AWS_CONFIG_FILE: join(home, 'none'), AWS_SHARED_CREDENTIALS_FILE: join(home, 'none'),
    AWS_EC2_METADATA_DISABLED: 'true', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  };
}

/** Wall time of a subprocess (asynchronous: the fake answers from this process meanwhile). */
function timed(args: string[], env: Record<string, string>): Promise<number> {
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const c = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: 'ignore' });
    c.on('error', reject);
    c.on('close', (code) => (code === 0 ? resolve(performance.now() - t0) : reject(new Error(`${args.join(' ')} exited ${code}`))));
  });
}

interface Start {
  firstFrame: number;
  onScreen: number;
  marks: Record<string, number>;
}

/** Launch → first screen showing `first`, → first showing the organization; then q, and the binary's marks. */
async function liveStart(bin: string, env: Record<string, string>, first: string): Promise<Start> {
  const dir = mkdtempSync(join(tmpdir(), 'trailcost-bench-live-'));
  const log = join(dir, 'timing.txt');
  const s = new TmuxSession(`benchlive${Math.floor(performance.now())}`);
  try {
    const t0 = performance.now();
    s.start(`cd '${ROOT}' && env -u CI -u AWS_PROFILE -u AWS_SESSION_TOKEN TRAILCOST_TIMING=1 node '${bin}' --out-dir '${dir}' --org-role ${ROLE} 2>'${log}'`, 100, 30, env);
    let firstFrame = NaN;
    for (;;) {
      const x = await screen(s);
      if (Number.isNaN(firstFrame) && x.includes(first)) firstFrame = performance.now() - t0;
      if (x.includes('Top cost drivers')) break;
      if (performance.now() - t0 > 300_000) throw new Error(`no organization on screen after 300 s:\n${x}`);
      // Each read starts a tmux client: fine-grained until the first frame, then sparing (the scan's time comes
      // from the binary's own marks, and forking every few ms would take CPU from the scan being timed).
      await new Promise((r) => setTimeout(r, Number.isNaN(firstFrame) ? 10 : 100));
    }
    const onScreen = performance.now() - t0;
    s.send('q');
    await new Promise((r) => setTimeout(r, 300));
    const marks: Record<string, number> = {};
    for (const m of readFileSync(log, 'utf8').matchAll(/^(.+?) (\d+) ms$/gm)) marks[m[1]] = Number(m[2]);
    return { firstFrame, onScreen, marks };
  } finally {
    s.kill();
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The same scan in this process, alone and drawn by the live view (Ink rendering to a terminal-like stream), to
 * isolate what drawing the progress costs the scan: same fake, same clients, no process start in either.
 */
async function scanDrawn(aws: FakeAws, drawn: boolean): Promise<number> {
  const saved = { ...process.env };
  Object.assign(process.env, aws.env, { AWS_CONFIG_FILE: '/nonexistent', AWS_SHARED_CREDENTIALS_FILE: '/nonexistent', AWS_EC2_METADATA_DISABLED: 'true', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' });
  delete process.env.AWS_PROFILE;
  const opts: ScanOptions = { orgRole: ROLE, days: 30, concurrency: 16, maxAttempts: 8, dryRun: false, billing: true, now: new Date() };
  try {
    const t0 = performance.now();
    if (!drawn) {
      await runScan({ ...opts, progress: quietProgress });
      return performance.now() - t0;
    }
    const out = Object.assign(new PassThrough(), { isTTY: true, columns: 100, rows: 30 }) as unknown as NodeJS.WriteStream;
    out.write = (() => true) as typeof out.write;
    const inp = Object.assign(new PassThrough(), { isTTY: true, setRawMode: () => inp, ref: () => inp, unref: () => inp }) as unknown as NodeJS.ReadStream;
    let finished!: () => void;
    const done = new Promise<void>((r) => (finished = r));
    const inst = render(createElement(LiveApp, {
      theme: plainTheme,
      start: {
        title: 'bench', kept: null,
        scan: async (progress) => ({ file: 'bench', snapshot: (await runScan({ ...opts, progress })).snapshot!, generatedAt: new Date() }),
        open: () => new Promise<Opened>(() => {}),
      },
      onScan: (s) => s !== 'start' && finished(),
    }), { stdout: out, stdin: inp, exitOnCtrlC: false, patchConsole: false, maxFps: 60 });
    await done;
    const t = performance.now() - t0;
    inst.unmount();
    inst.cleanup();
    return t;
  } finally {
    for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
    Object.assign(process.env, saved);
  }
}

export async function liveStartBench(binary: { bin: string; label: string }, runs: number): Promise<void> {
  const aws = await startFakeAws({ seed: { seed: 3 }, latencyMs: LATENCY_MS });
  const caches: string[] = [];
  const cache = () => {
    const d = mkdtempSync(join(tmpdir(), 'trailcost-bench-live-cache-'));
    caches.push(d);
    return d;
  };
  try {
    const help: number[] = [];
    const alone: number[] = [];
    const fresh: Start[] = [];
    const kept: Start[] = [];
    const inQuiet: number[] = [];
    const inDrawn: number[] = [];
    // Interleaved, so a change in the machine's load moves every figure alike.
    for (let i = 0; i < runs; i++) {
      help.push(await timed([binary.bin, '--help'], {}));
      const c = cache();
      alone.push(await timed([binary.bin, 'scan', '--org-role', ROLE, '--out', join(c, 'alone.json')], envFor(aws, c)));
      fresh.push(await liveStart(binary.bin, envFor(aws, c), 'trailcost · scanning'));
      aws.resetStats();
      kept.push(await liveStart(binary.bin, envFor(aws, c), 'Top cost drivers'));
      const calls = Object.keys(aws.stats).filter((k) => k !== 'total');
      if (calls.join() !== 'sts:GetCallerIdentity') throw new Error(`the start on the kept snapshot called ${calls.join(', ')}`);
      inQuiet.push(await scanDrawn(aws, false));
      inDrawn.push(await scanDrawn(aws, true));
    }
    const f = (k: keyof Start) => median(fresh.map((s) => s[k] as number));
    const mark = (xs: Start[], k: string) => median(xs.map((s) => s.marks[k] ?? NaN));
    const scanIn = median(fresh.map((s) => (s.marks['scan done'] ?? NaN) - (s.marks['scan start'] ?? NaN)));
    const h = median(help);
    console.log(`live start, \`trailcost --org-role ${ROLE}\` in a pty (${binary.label}) against the local AWS fake (${aws.truth.accounts.length} accounts, ${LATENCY_MS} ms per request), medians of ${runs}:`);
    console.log(`  first frame of the live view (the scan's progress) ${ms(f('firstFrame'))} after launch: ${(f('firstFrame') / h).toFixed(2)}× \`--help\` (${ms(h)}); credentials checked at ${mark(fresh, 'credentials checked')} ms, drawn at ${mark(fresh, 'live first frame')} ms (marks: ms since the process started)`);
    console.log(`  the scan inside the view ${ms(scanIn)} (scan start → snapshot kept); the same scan alone (\`trailcost scan --out\`, process included) ${ms(median(alone))}; organization on screen ${ms(f('onScreen'))} after launch`);
    console.log(`  in this process, the same scan drawn by the live view ${ms(median(inDrawn))} vs alone ${ms(median(inQuiet))}: ${(median(inDrawn) / median(inQuiet)).toFixed(2)}× (what drawing the progress costs the scan)`);
    console.log(`  next start, on the kept snapshot (only STS GetCallerIdentity called): organization on screen ${ms(median(kept.map((s) => s.onScreen)))} after launch (${(median(kept.map((s) => s.onScreen)) / f('onScreen')).toFixed(2)}× the scanning start)`);
  } finally {
    await aws.close();
    for (const d of caches) rmSync(d, { recursive: true, force: true });
  }
}
