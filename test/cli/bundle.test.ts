/**
 * The build bin/trailcost.js runs after `npm ci` (scripts/build.mjs: one esbuild bundle in dist/cli/) behaves as
 * the sources do: the same output, and its worker threads (sample's decoders, the TUI's optimizer) start from
 * their bundled entries and answer. Built here into a temporary tree shaped like a checkout.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { gzipSync } from 'node:zlib';
import { run } from '../../src/cli/program.js';
import { encodeLogRecords } from '../../src/sample/project-records.js';
import { loadInput } from '../../src/app/load-input.js';
import { createEstimator } from '../../src/estimate/estimator.js';
import { proposalData, type ProposalData } from '../../src/app/proposal.js';
import { generateRecords } from '../sample/generate.js';

const ROOT = join(import.meta.dirname, '..', '..');
let tree: string;
let cli: string;

beforeAll(() => {
  tree = mkdtempSync(join(tmpdir(), 'trailcost-bundle-'));
  for (const x of ['scenarios', 'pricing', 'node_modules']) symlinkSync(join(ROOT, x), join(tree, x));
  copyFileSync(join(ROOT, 'package.json'), join(tree, 'package.json'));
  execFileSync(process.execPath, [join(ROOT, 'scripts', 'build.mjs'), join(tree, 'dist')], { stdio: 'pipe' });
  cli = join(tree, 'dist', 'cli', 'main.js');
}, 120_000);

afterAll(() => rmSync(tree, { recursive: true, force: true }));

function bundled(args: string[]): { out: string; err: string; code: number | null } {
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' } });
  return { out: r.stdout, err: r.stderr, code: r.status };
}

async function inProcess(argv: string[]): Promise<string> {
  let out = '';
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  });
  try {
    await run(argv);
  } finally {
    spy.mockRestore();
  }
  return out;
}

/** A message from a bundled worker entry (dist/cli/NAME.js) after posting `msgs`, the first whose id is `id`. */
async function ask<T>(name: string, workerData: unknown, msgs: Array<{ msg: unknown; transfer?: ArrayBuffer[] }>, id: number): Promise<T> {
  const w = new Worker(join(tree, 'dist', 'cli', `${name}.js`), { workerData });
  try {
    return await new Promise<T>((resolve, reject) => {
      w.on('message', (m: { id: number }) => m.id === id && resolve(m as T));
      w.on('error', reject);
      w.on('exit', (c) => reject(new Error(`${name} exited with ${c}`)));
      for (const { msg, transfer } of msgs) w.postMessage(msg, transfer ?? []);
    });
  } finally {
    await w.terminate();
  }
}

describe('the bundled build', () => {
  it('lays every file in dist/cli/, where the paths resolved from import.meta.url hold', () => {
    expect(readdirSync(join(tree, 'dist')).sort()).toEqual(['.built', 'cli']);
    for (const f of ['main.js', 'sample-worker.js', 'optimize-worker.js']) expect(readdirSync(join(tree, 'dist', 'cli'))).toContain(f);
  });

  it('prints the version and the root help as the sources do', async () => {
    expect(bundled(['--version']).out.trim()).toBe((JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version);
    const help = bundled(['--help']);
    expect(help.code).toBe(0);
    expect(help.out).toBe(await inProcess(['--help']));
  });

  it('estimates the demo to the same JSON as the sources', async () => {
    const r = bundled(['estimate', '--json']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toEqual(JSON.parse(await inProcess(['estimate', '--json'])));
  }, 60_000);

  it('exits 2 with one line on bad usage, as the sources do', () => {
    const r = bundled(['nonsense']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^trailcost: unknown command 'nonsense'/);
  });

  it("starts sample's decoder thread, which encodes a log file as this thread does", async () => {
    const text = JSON.stringify({ Records: generateRecords({ seed: 3, count: 300, start: Date.parse('2026-11-01T00:00:00Z'), spanMs: 3_600_000 }) });
    const gz = gzipSync(text);
    const bytes = new Uint8Array(gz).slice().buffer;
    const a = await ask<{ encoded: ReturnType<typeof encodeLogRecords> }>('sample-worker', {}, [{ msg: { id: 7, bytes }, transfer: [bytes] }], 7);
    const here = encodeLogRecords(Buffer.from(text))!;
    expect(a.encoded).toEqual({ ...here, slots: new Int32Array(here.slots), entries: new Int32Array(here.entries) });
  });

  it("starts the TUI's optimizer thread, which proposes what this thread proposes", async () => {
    const a = await ask<{ result?: ProposalData; error?: string }>('optimize-worker', {}, [
      { msg: { type: 'load', source: {} } },
      { msg: { type: 'request', id: 1, req: { decisions: [] } } },
    ], 1);
    expect(a.error).toBeUndefined();
    const input = await loadInput({});
    const here = proposalData(input, createEstimator(input), { decisions: [] });
    expect(a.result!.result.proposed).toEqual(here.result.proposed);
    expect(JSON.stringify(a.result!.optimized.map((t) => t.selectors))).toBe(JSON.stringify(here.optimized.map((t) => t.selectors)));
  }, 60_000);

  it("reads Yoga's WebAssembly without fetch (no HTTP client loaded to draw the TUI)", () => {
    const chunks = readdirSync(join(tree, 'dist', 'cli')).filter((f) => f.endsWith('.js'));
    const yoga = chunks.filter((f) => readFileSync(join(tree, 'dist', 'cli', f), 'utf8').includes('data:application/octet-stream;base64,'));
    expect(yoga.length).toBe(1);
    expect(readFileSync(join(tree, 'dist', 'cli', yoga[0]), 'utf8')).not.toContain('"function"!=typeof fetch');
  });
});
