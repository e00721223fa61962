/**
 * TUI latency, on the demo and on a generated 100,000-node inventory (BENCH_TUI_NODES to change it):
 *  - startup to first frame: the real `trailcost` binary (as `npm ci` builds it: bench/fresh-build.ts) in a
 *    pseudo-terminal (tmux), against `node -e 0` (Node's own start) and the same binary's `--help` (the floor every
 *    command pays), all measured in the same run, with the target beside each figure; plus the in-process split
 *    (input loaded, session ready, first frame, this thread's CPU time) the binary reports with TRAILCOST_TIMING,
 *    and the same from the TypeScript sources through tsx (what a checkout without a build runs);
 *  - keypress to frame after a decision toggle (space): the app rendered by Ink to a fake terminal, time from
 *    the key to the first frame written with the new numbers, against a plain cursor move (j) in the same app.
 * Medians of several runs; the machine is shared, so absolute numbers move and the ratios matter.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { PassThrough } from 'node:stream';
import { createElement } from 'react';
import { render } from 'ink';
import { loadInput } from '../src/app/load-input.js';
import { App } from '../src/tui/app.js';
import { createSession } from '../src/tui/session.js';
import { inProcessRunner } from '../src/app/optimizer-runner.js';
import { workerRunner } from '../src/app/worker/remote-optimizer.js';
import { flatten, initialTreeState } from '../src/tui/state/tree.js';
import { plainTheme } from '../src/tui/theme.js';
import type { TuiSession } from '../src/tui/view-model.js';
import { bigScenario } from '../test/tui/helpers/big-scenario.js';
import { writeBigSnapshot } from '../test/tui/helpers/big-snapshot.js';
import { hasTmux, TmuxSession } from '../test/tui/helpers/tmux.js';
import { currentBinary } from './fresh-build.js';
import { liveStartBench } from './live-start.js';

const ROOT = join(import.meta.dirname, '..');
const SOURCE_BIN = join(ROOT, 'bin', 'trailcost.js');
/** Targets (issue 17): the first frame on the demo under a second; `--help` close to Node's own start. */
const FIRST_FRAME_TARGET_MS = 1000;
/** Target (issue 17): the first proposal on the Selectors tab of a 100,000-node inventory within 3 s of launch. */
const FIRST_PROPOSAL_TARGET_MS = 3000;
const NODES = Number(process.env.BENCH_TUI_NODES ?? 100_000);
const RUNS = Number(process.env.BENCH_TUI_RUNS ?? 5);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (x: number) => `${x.toFixed(x < 10 ? 2 : 0)} ms`;

/** A fake terminal Ink renders to for real (not debug mode): frames arrive as writes, with their time. */
function fakeTerminal(columns: number, rows: number) {
  const out = new PassThrough() as unknown as NodeJS.WriteStream & { frames: Array<{ t: number; text: string }> };
  Object.assign(out, { isTTY: true, columns, rows, frames: [] });
  out.write = ((chunk: string | Uint8Array) => {
    out.frames.push({ t: performance.now(), text: String(chunk) });
    return true;
  }) as typeof out.write;
  const inp = new PassThrough() as unknown as NodeJS.ReadStream;
  Object.assign(inp, { isTTY: true, setRawMode: () => inp, ref: () => inp, unref: () => inp });
  inp.setEncoding('utf8');
  return { out, inp };
}

async function waitFrame(out: { frames: Array<{ t: number; text: string }> }, from: number, pred: (s: string) => boolean, timeoutMs = 30_000): Promise<number> {
  const start = performance.now();
  for (;;) {
    for (let i = from; i < out.frames.length; i++) if (pred(out.frames[i].text)) return out.frames[i].t;
    if (performance.now() - start > timeoutMs) throw new Error('no frame');
    await new Promise((r) => setImmediate(r));
  }
}

/**
 * Mounts the app on the Resources tab and measures key → frame for `j` (baseline), `space` (the decision shown at
 * once, with where the node's answer comes from), and `space` → the frame whose header carries the proposed figure
 * for the new decisions (optimizer plus the estimator's evaluation of its selectors), with the longest the UI
 * thread was blocked meanwhile.
 */
async function keyLatency(session: TuiSession): Promise<{ move: number; toggle: number; toggleAccount: number; proposed: number; maxBlocked: number }> {
  const { out, inp } = fakeTerminal(120, 40);
  const inst = render(createElement(App, { session, edges: { exportSelectors: async () => '', saveDecisions: async () => '' }, theme: plainTheme, initialTab: 1 }), {
    stdout: out, stdin: inp, exitOnCtrlC: false, patchConsole: false, maxFps: 60,
  });
  await waitFrame(out, 0, (s) => s.includes('events/mo'), 600_000);
  await waitFrame(out, 0, (s) => /proposed \$/.test(s), 600_000);
  const press = async (key: string, pred: (s: string) => boolean, timeoutMs?: number) => {
    await new Promise((r) => setTimeout(r, 40)); // let the throttle window close, as between human keys
    const from = out.frames.length;
    const t0 = performance.now();
    inp.write(key);
    return (await waitFrame(out, from, pred, timeoutMs)) - t0;
  };
  // The footer names the decision at once ("<node>: keep …"); the header's figure follows when optimized.
  const decided = (s: string) => /: (keep|keep-writes|drop|auto)\b/.test(s);
  const settledFrame = (s: string) => /proposed \$/.test(s);
  const moves: number[] = [];
  const toggles: number[] = [];
  const accountToggles: number[] = [];
  const proposed: number[] = [];
  const blocked = monitorEventLoopDelay({ resolution: 10 });
  blocked.enable();
  for (let i = 0; i < RUNS; i++) {
    // Cursor on the first account: a decision on it is one on every resource below it (the worst case).
    accountToggles.push(await press(' ', decided));
    // Then wait for the proposal of that state before the next key (what a user watching the header sees).
    const from = out.frames.length;
    const t0 = performance.now();
    await waitFrame(out, from, settledFrame, 600_000).catch(() => performance.now());
    proposed.push(performance.now() - t0 + accountToggles[accountToggles.length - 1]);
    moves.push(await press('j', (s) => s.length > 0));
    moves.push(await press('k', (s) => s.length > 0));
  }
  blocked.disable();
  // A leaf-level toggle: open the first account and Region, go to the first resource.
  await press('l', () => true);
  await press('j', () => true);
  await press('l', () => true);
  await press('j', () => true);
  for (let i = 0; i < RUNS; i++) toggles.push(await press(' ', decided));
  inst.unmount();
  inst.cleanup();
  return { move: median(moves), toggle: median(toggles), toggleAccount: median(accountToggles), proposed: median(proposed), maxBlocked: blocked.max / 1e6 };
}

/**
 * Mounts the app on the Selectors tab (the optimize starts at once) and measures key → frame for the help
 * overlay (`?` then esc) while the optimize runs, and how long until the proposals show.
 */
async function keysWhileOptimizing(session: TuiSession, presses: number): Promise<{ keys: number[]; proposals: number; stillOptimizing: number; maxBlocked: number }> {
  const { out, inp } = fakeTerminal(120, 40);
  // The longest the UI thread could not take a key: a key pressed then waits that long for its frame.
  const blocked = monitorEventLoopDelay({ resolution: 10 });
  blocked.enable();
  const t0 = performance.now();
  const inst = render(createElement(App, { session, edges: { exportSelectors: async () => '', saveDecisions: async () => '' }, theme: plainTheme, initialTab: 2 }), {
    stdout: out, stdin: inp, exitOnCtrlC: false, patchConsole: false, maxFps: 60,
  });
  const shown = waitFrame(out, 0, (s) => s.includes('JSON (put-event-selectors)'), 600_000).then((t) => t - t0);
  let done = false;
  void shown.then(() => (done = true));
  await waitFrame(out, 0, (s) => s.includes('optimizing'));
  const keys: number[] = [];
  let stillOptimizing = 0;
  for (let i = 0; i < presses; i++) {
    await new Promise((r) => setTimeout(r, 40));
    const open = i % 2 === 0;
    const from = out.frames.length;
    const k0 = performance.now();
    inp.write(open ? '?' : '\u001B');
    const t = await waitFrame(out, from, (s) => (open ? s.includes('show all keys') : s.length > 0 && !s.includes('show all keys')), 600_000);
    keys.push(t - k0);
    if (!done) stillOptimizing++;
  }
  const proposals = await shown;
  blocked.disable();
  inst.unmount();
  inst.cleanup();
  return { keys, proposals, stillOptimizing, maxBlocked: blocked.max / 1e6 };
}

/**
 * Time of `flatten` for each prefix of `needle` typed into the filter (what one keystroke recomputes), with
 * the filter caches, and without them (a copy of the tree with its own roots array shares no cache: the
 * whole tree is searched on every key, as before the caches).
 */
function filterKeystrokes(session: TuiSession, needle: string): { cached: number[]; uncached: number[] } {
  const tree = session.view().resources;
  const st = initialTreeState(tree);
  const cached: number[] = [];
  const uncached: number[] = [];
  for (let i = 1; i <= needle.length; i++) {
    const filter = needle.slice(0, i);
    let t = performance.now();
    flatten({ ...tree, roots: [...tree.roots] }, { ...st, filter });
    uncached.push(performance.now() - t);
    t = performance.now();
    flatten(tree, { ...st, filter });
    cached.push(performance.now() - t);
  }
  return { cached, uncached };
}

function spawnTime(args: string[], env: Record<string, string> = {}): number {
  const t0 = performance.now();
  spawnSync(process.execPath, args, { env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', ...env }, stdio: 'ignore' });
  return performance.now() - t0;
}

/**
 * Wall time from starting the binary in a pseudo-terminal to its first frame on screen, and its own timing marks;
 * with `then`, those keys are sent at the first frame and `wall` is the time from the start until its marker shows.
 */
async function firstFrame(bin: string, args: string, marker: string, timeoutMs: number, env: Record<string, string> = {}, then?: { keys: string; marker: string }): Promise<{ wall: number; marks: Record<string, number> }> {
  const dir = mkdtempSync(join(tmpdir(), 'trailcost-bench-tui-'));
  const log = join(dir, 'timing.txt');
  const s = new TmuxSession(`bench${Math.floor(performance.now())}`);
  try {
    const t0 = performance.now();
    s.start(`cd '${ROOT}' && env -u CI TRAILCOST_TIMING=1 node '${bin}' ${args} 2>'${log}'`, 100, 30, { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', ...env });
    const until = async (m: string) => {
      for (;;) {
        if (s.screen().includes(m)) break;
        if (performance.now() - t0 > timeoutMs) throw new Error(`no "${m}" after ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, 5));
      }
    };
    await until(marker);
    if (then) {
      s.send(then.keys);
      await until(then.marker);
    }
    const wall = performance.now() - t0;
    s.send('q');
    await new Promise((r) => setTimeout(r, 300));
    const text = spawnSync('cat', [log], { encoding: 'utf8' }).stdout;
    const marks: Record<string, number> = {};
    for (const m of text.matchAll(/^(.+?) (\d+) ms$/gm)) marks[m[1]] = Number(m[2]);
    return { wall, marks };
  } finally {
    s.kill();
    rmSync(dir, { recursive: true, force: true });
  }
}

export default async function (): Promise<void> {
  // The parse cache of this run only (app loads below and every binary launched inherit it): figures must not
  // depend on what an earlier run or the user's own use left in ~/.cache.
  process.env.XDG_CACHE_HOME = mkdtempSync(join(tmpdir(), 'trailcost-bench-cache-'));
  console.log(`load average ${loadavg().map((x) => x.toFixed(1)).join(' ')} (shared machine: compare ratios)`);
  const binary = hasTmux() ? currentBinary() : null;
  try {
    await measure(binary);
  } finally {
    binary?.close();
  }
}

async function measure(binary: ReturnType<typeof currentBinary> | null): Promise<void> {
  // ---- startup, demo, real binary, against Node's own start and --help, in the same run ----
  if (binary) {
    const run = async (bin: string, env: Record<string, string> = {}) => {
      const node: number[] = [];
      const help: number[] = [];
      const starts: Array<{ wall: number; marks: Record<string, number> }> = [];
      // Interleaved, so a change in the machine's load moves all three alike.
      for (let i = 0; i < RUNS; i++) {
        node.push(spawnTime(['-e', '0'], env));
        help.push(spawnTime([bin, '--help'], env));
        starts.push(await firstFrame(bin, '', 'Top cost drivers', 60_000, env));
      }
      const mark = (k: string) => median(starts.map((s) => s.marks[k] ?? NaN));
      return { node: median(node), help: median(help), frame: median(starts.map((s) => s.wall)), mark };
    };
    const split = (r: Awaited<ReturnType<typeof run>>) =>
      `command ${r.mark('command start')}, input loaded ${r.mark('input loaded')}, UI loaded ${r.mark('ui loaded')}, session ready ${r.mark('session ready')} ` +
      `(${r.mark('session ready') - r.mark('input loaded')} ms after the input), first frame ${r.mark('first frame')}; this thread's CPU to the first frame ${r.mark('main thread cpu to first frame')} ms`;
    const b = await run(binary.bin);
    const met = (ok: boolean) => (ok ? 'met' : 'MISSED');
    console.log(`demo startup, \`trailcost\` in a pty (${binary.label}), medians of ${RUNS}:`);
    console.log(`  first frame ${ms(b.frame)}   target < ${FIRST_FRAME_TARGET_MS} ms: ${met(b.frame < FIRST_FRAME_TARGET_MS)}; ${(b.frame / b.node).toFixed(1)}× \`node -e 0\`, ${(b.frame / b.help).toFixed(2)}× \`--help\``);
    console.log(`  --help      ${ms(b.help)}   ${(b.help / b.node).toFixed(2)}× \`node -e 0\` (${ms(b.node)}); the root help loads no command (src/cli/command-summaries.ts)`);
    console.log(`  inside the process (ms since its start): ${split(b)}`);
    // What the build saves: the checkout's sources through tsx, whose hooks see every import.
    const src = await run(SOURCE_BIN, { TRAILCOST_FROM_SOURCE: '1' });
    console.log(`  from the sources through tsx (no build): first frame ${ms(src.frame)} (${(src.frame / b.frame).toFixed(2)}× the bundle's), --help ${ms(src.help)} (${(src.help / src.node).toFixed(1)}× node -e 0)`);
    console.log(`  inside the process: ${split(src)}`);
    await liveStartBench(binary, RUNS);
  } else {
    console.log('demo startup in a pty: skipped (tmux not installed)');
  }

  // ---- key latency, demo ----
  const demo = await loadInput({});
  const d = await keyLatency(createSession(demo));
  console.log(`demo (${demo.model.nodes.size} nodes), key → frame: cursor move ${ms(d.move)}; decision shown on a resource ${ms(d.toggle)} (${(d.toggle / d.move).toFixed(2)}× a move), on an account ${ms(d.toggleAccount)} (${(d.toggleAccount / d.move).toFixed(2)}×); decision → proposed figure in the header ${ms(d.proposed)} (optimizer on this thread; UI blocked at most ${ms(d.maxBlocked)})`);

  // ---- generated inventory ----
  const dir = mkdtempSync(join(tmpdir(), 'trailcost-bench-tui-'));
  try {
    const { yaml, expectedNodes } = bigScenario(NODES);
    const file = join(dir, 'big.yaml');
    writeFileSync(file, yaml);
    let t = performance.now();
    const big = await loadInput({ scenario: file });
    const tLoad = performance.now() - t;
    t = performance.now();
    const session = createSession(big, { optimizer: workerRunner({ scenario: file }) });
    const tSession = performance.now() - t;
    console.log(`generated inventory: ${big.model.nodes.size.toLocaleString('en-US')} nodes (expected ${expectedNodes.toLocaleString('en-US')}); loadInput ${ms(tLoad)}, createSession ${ms(tSession)}`);
    const b = await keyLatency(session);
    console.log(`generated, key → frame: cursor move ${ms(b.move)}; decision shown on a resource ${ms(b.toggle)} (${(b.toggle / b.move).toFixed(2)}× a move), on an account (${Math.round(big.model.nodes.size / 5).toLocaleString('en-US')}-node subtree) ${ms(b.toggleAccount)} (${(b.toggleAccount / b.move).toFixed(2)}×); budget 100 ms`);
    console.log(`generated, decision → proposed figure in the header: ${ms(b.proposed)} (optimizer and the estimator's evaluation of its selectors, both in the worker; UI thread blocked at most ${ms(b.maxBlocked)})`);
    session.close?.();
    const needle = 'gen-01-us-0004';
    const ft = filterKeystrokes(session, needle);
    const line = (xs: number[]) => `${xs.map((x) => x.toFixed(0)).join(', ')} ms (median ${ms(median(xs))}, max ${ms(Math.max(...xs))})`;
    console.log(`generated, filter "${needle}" typed one key at a time, flatten per keystroke:`);
    console.log(`  whole tree searched each key (before): ${line(ft.uncached)}`);
    console.log(`  narrowing from the previous needle:    ${line(ft.cached)}; ${(median(ft.uncached) / median(ft.cached)).toFixed(1)}× faster at the median`);

    // ---- keys while the optimizer runs (Selectors tab), worker vs this thread ----
    const presses = Number(process.env.BENCH_TUI_PRESSES ?? 20);
    const ws = createSession(big, { optimizer: workerRunner({ scenario: file }) });
    try {
      const w = await keysWhileOptimizing(ws, presses);
      console.log(`generated, Selectors with the optimizer in a worker: ${w.stillOptimizing} of ${presses} keys answered while it ran, key → frame median ${ms(median(w.keys))}, max ${ms(Math.max(...w.keys))} (vs cursor move ${ms(b.move)}: ${(median(w.keys) / b.move).toFixed(2)}×); UI thread blocked at most ${ms(w.maxBlocked)}; proposals shown after ${ms(w.proposals)} (the worker is handed the input this thread loaded)`);
    } finally {
      ws.close?.();
    }
    if (process.env.BENCH_TUI_INPROCESS !== '0') {
      // The old path: optimizing on the UI thread. A key pressed during it waits for the whole optimize.
      const is = createSession(big, { optimizer: inProcessRunner(big) });
      const p = await keysWhileOptimizing(is, 0);
      console.log(`generated, Selectors with the optimizer on the UI thread (before): UI thread blocked at most ${ms(p.maxBlocked)} (${(p.maxBlocked / b.move).toFixed(0)}× a cursor move: ctrl+c waits that long); proposals shown after ${ms(p.proposals)}`);
    }
    if (binary && process.env.BENCH_TUI_BINARY_BIG !== '0') {
      const s = await firstFrame(binary.bin, `--scenario '${file}'`, 'Top cost drivers', 300_000, { TRAILCOST_NO_CACHE: '1' });
      console.log(`generated startup (parse cache off), binary in a pty: first frame ${ms(s.wall)} (input loaded at ${s.marks['input loaded']} ms, session ready ${s.marks['session ready']} ms)`);
      // The figure: from launch to the first proposal on the Selectors tab, the key pressed at the first
      // frame. Two inputs of this size: the inline YAML inventory above, and a scan-shaped snapshot (how an
      // inventory this large reaches the tool), named by a small scenario.
      const snap = writeBigSnapshot(dir, NODES);
      const bigRuns = Number(process.env.BENCH_TUI_BIG_RUNS ?? 3);
      // Cold: the parse cache off (every launch parses); warm: a cache folder of this run, filled by the first launch.
      const cold = { TRAILCOST_NO_CACHE: '1' };
      const warm = { XDG_CACHE_HOME: join(dir, 'cache') };
      const cases = [
        ['inline YAML inventory, cold', file, cold], ['inline YAML inventory, parse cache warm', file, warm], ['scan snapshot (JSON)', snap.scenario, cold],
      ] as const;
      await firstFrame(binary.bin, `--scenario '${file}'`, 'Top cost drivers', 300_000, warm);
      for (const [label, f, env] of cases) {
        const runs: Array<{ wall: number; marks: Record<string, number> }> = [];
        for (let i = 0; i < bigRuns; i++) runs.push(await firstFrame(binary.bin, `--scenario '${f}'`, 'Top cost drivers', 300_000, env, { keys: '3', marker: 'JSON (put-event-selectors)' }));
        // A mark by the start of its text (the worker's proposal line carries its own duration before "at").
        const m = (k: string) => median(runs.map((r) => r.marks[Object.keys(r.marks).find((x) => x.startsWith(k)) ?? ''] ?? NaN));
        const wall = median(runs.map((r) => r.wall));
        const size = (statSync(f === file ? file : snap.snapshot).size / 2 ** 20).toFixed(0);
        console.log(`first proposal on the Selectors tab from launch, ${label} (${size} MB), binary in a pty, median of ${bigRuns}: ${ms(wall)}   target ≤ ${FIRST_PROPOSAL_TARGET_MS} ms: ${wall <= FIRST_PROPOSAL_TARGET_MS ? 'met' : 'MISSED'}`);
        console.log(`  UI thread: input loaded ${m('input loaded')}, session ready ${m('session ready')}, first frame ${m('first frame')}; worker: own load ${m('worker: input loaded from the file, to verify')}, estimator ${m('worker: estimator ready')}, first proposal ready ${m('worker: first proposal')} (ms since launch)`);
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
