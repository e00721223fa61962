/**
 * Issue 13: escape sequences and bidi controls from data never reach the terminal raw. Every printing path runs
 * in-process on hostile input (names, keys, event names, caller ARNs, selector Names carrying OSC 52, a screen
 * clear, U+202E and CR) and its output must hold none of them raw, and show them as visible escapes instead.
 * `--json` is JSON-escaped and left as it is.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from '../../src/cli/program.js';
import { csvPrinter } from '../../src/report/printers.js';
import { EVIL, EVIL_NO_CR_SHOWN, EVIL_SHOWN, FORMULA, OSC52_SHOWN, RLO_SHOWN, hostileRecords, hostileScenario, hostileSelectors, names, rawUnsafe } from '../report/hostile.js';

interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

/** The CLI in this process, stdout and stderr captured (what a subprocess would print, without its start-up). */
async function cli(args: string[]): Promise<Ran> {
  const out = { stdout: '', stderr: '' };
  const write = process.stdout.write;
  const writeErr = process.stderr.write;
  const saved = process.exitCode;
  process.exitCode = undefined;
  process.stdout.write = ((chunk: string | Uint8Array) => ((out.stdout += String(chunk)), true)) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string | Uint8Array) => ((out.stderr += String(chunk)), true)) as typeof process.stderr.write;
  try {
    const code = await run(args);
    return { code, ...out };
  } finally {
    process.stdout.write = write;
    process.stderr.write = writeErr;
    process.exitCode = saved;
  }
}

let dir: string;
let scenario: string;
let selectors: string;
let logs: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'trailcost-sanitize-'));
  scenario = join(dir, 'hostile.yaml');
  writeFileSync(scenario, hostileScenario());
  selectors = join(dir, 'selectors.json');
  writeFileSync(selectors, hostileSelectors());
  const day = join(dir, 'AWSLogs', '111111111111', 'CloudTrail', 'us-east-1', '2026', '11', '23');
  mkdirSync(day, { recursive: true });
  logs = join(day, '111111111111_CloudTrail_us-east-1_20261123T1000Z_a.json');
  writeFileSync(logs, JSON.stringify(hostileRecords()));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Output of a printing path: no raw control or bidi character anywhere, and the visible escapes present. */
function expectSafe(text: string, shown: string[]): void {
  expect(rawUnsafe(text)).toBeNull();
  for (const s of shown) expect(text).toContain(s);
}

interface Case {
  what: string;
  args: () => string[];
  /** Visible escapes the output must show (the stream that prints the data). */
  shown: string[];
  stream?: 'stdout' | 'stderr';
  code?: number;
  also?: (r: Ran) => void;
}

const cases: Case[] = [
  // Narrow (100 columns, piped): names are made safe before the table fits them, so escapes may wrap; none is raw.
  { what: 'estimate (table, fitted)', args: () => ['estimate', '--scenario', scenario], shown: [RLO_SHOWN] },
  { what: 'estimate --wide (table)', args: () => ['estimate', '--scenario', scenario, '--wide'], shown: [`evil${EVIL_SHOWN}`, `trail${EVIL_SHOWN}`] },
  { what: 'estimate --by resource --wide', args: () => ['estimate', '--scenario', scenario, '--by', 'resource', '--wide'], shown: [`b${EVIL_NO_CR_SHOWN}`, `fn${EVIL_SHOWN}`] },
  { what: 'estimate --by prefix --wide', args: () => ['estimate', '--scenario', scenario, '--by', 'prefix', '--wide'], shown: [`b${EVIL_NO_CR_SHOWN}/p${EVIL_NO_CR_SHOWN}/`] },
  { what: 'estimate --by account --wide', args: () => ['estimate', '--scenario', scenario, '--by', 'account', '--wide'], shown: [`acct${EVIL_SHOWN}`] },
  {
    what: 'estimate --format markdown',
    args: () => ['estimate', '--scenario', scenario, '--by', 'resource', '--format', 'markdown'],
    shown: [`# trailcost estimate — evil${EVIL_SHOWN}`, `b${EVIL_NO_CR_SHOWN}`, `fn${EVIL_SHOWN}`],
    // A pipe in a cell would split the row.
    also: (r) => expect(r.stdout).toContain("=cmd\\|' /C calc'!A0 (table)"),
  },
  {
    what: 'estimate --format csv',
    args: () => ['estimate', '--scenario', scenario, '--by', 'resource', '--format', 'csv'],
    shown: [`b${EVIL_NO_CR_SHOWN}`, `fn${EVIL_SHOWN}`, `trail${EVIL_SHOWN}`],
    also: (r) => {
      // A formula cell is prefixed with ' (OWASP); numbers, negative or not, are left alone.
      const row = r.stdout.split('\n').find((l) => l.includes('calc'))!;
      expect(row.startsWith(`'${FORMULA} (table),`)).toBe(true);
      expect(r.stdout).not.toMatch(/(^|,)=cmd/m);
    },
  },
  {
    what: 'estimate --by prefix --format csv',
    args: () => ['estimate', '--scenario', scenario, '--by', 'prefix', '--format', 'csv'],
    shown: [`b${EVIL_NO_CR_SHOWN}/p${EVIL_NO_CR_SHOWN}/`, `b${EVIL_NO_CR_SHOWN}/${FORMULA}/`],
  },
  { what: 'compare (table)', args: () => ['compare', '--scenario', scenario, '--wide'], shown: [`variant${EVIL_SHOWN}`, `desc${EVIL_SHOWN}`] },
  { what: 'compare --format markdown', args: () => ['compare', '--scenario', scenario, '--format', 'markdown'], shown: [`evil${EVIL_SHOWN}`, `variant${EVIL_SHOWN}`] },
  {
    what: 'lint',
    args: () => ['lint', selectors],
    shown: [OSC52_SHOWN, `lake${EVIL_SHOWN}`],
    also: (r) => {
      // The MESSAGE column still lines up: cells are measured after they are made safe.
      const lines = r.stdout.split('\n');
      const col = lines[0].indexOf('MESSAGE');
      for (const l of lines.slice(1).filter((x) => /^(warning|error) /.test(x))) expect(l[col - 1]).toBe(' ');
    },
  },
  {
    what: 'match (table)',
    args: () => ['match', '--selectors', selectors, logs],
    // The table cuts selector names at 40 columns, measured on the escaped name.
    shown: [`sel${OSC52_SHOWN}`, `Get${EVIL_SHOWN}`, `id${EVIL_SHOWN}`, `arn:aws:s3:::lake/k${EVIL_SHOWN}/obj`],
  },
  { what: 'match --summary', args: () => ['match', '--selectors', selectors, logs, '--summary'], shown: [`sel${OSC52_SHOWN}`] },
  {
    what: 'sample (summary on stderr, snapshot on stdout)',
    args: () => ['sample', logs, '--no-progress'],
    stream: 'stderr',
    // The summary cuts long ARNs at the front: the end of the escapes shows.
    shown: [`${RLO_SHOWN}\\x0d/`, `${RLO_SHOWN}\\x0d/s`],
    also: (r) => {
      // The snapshot is JSON: the real values, JSON-escaped.
      expect(JSON.stringify(JSON.parse(r.stdout))).toContain(JSON.stringify(`arn:aws:s3:::lake/k${EVIL}/`).slice(1, -1));
    },
  },
  {
    what: 'sample --out (summary on stdout)',
    args: () => ['sample', logs, '--no-progress', '--out', join(dir, 'sample.json')],
    shown: [`${RLO_SHOWN}\\x0d/`],
  },
  { what: 'optimize (summary on stderr)', args: () => ['optimize', '--scenario', scenario, '--out', join(dir, 'sel.json'), '--force'], stream: 'stderr', shown: [`trail${EVIL_SHOWN}`] },
  { what: 'overview report (no command, piped)', args: () => ['--scenario', scenario], shown: [`evil${EVIL_SHOWN}`, `trail${EVIL_SHOWN}`] },
];

describe('hostile data never reaches the terminal raw (issue 13)', () => {
  it.each(cases)('$what', async (c) => {
    const r = await cli(c.args());
    expect(r.code, r.stderr).toBe(c.code ?? 0);
    // Neither stream holds a raw control or bidi character; the one printing the data shows the escapes.
    expect(rawUnsafe(r.stderr)).toBeNull();
    // (sample without --out prints the snapshot on stdout: JSON, like --json, left as it is.)
    if (!c.what.startsWith('sample (')) expect(rawUnsafe(r.stdout)).toBeNull();
    expectSafe(c.stream === 'stderr' ? r.stderr : r.stdout, c.shown);
    c.also?.(r);
  });

  it('the fitted table measures the escaped names: no line wider than 100 columns', async () => {
    for (const by of ['trail', 'resource', 'prefix']) {
      const r = await cli(['estimate', '--scenario', scenario, '--by', by]);
      expect(r.code).toBe(0);
      expect(Math.max(...r.stdout.split('\n').map((l) => [...l].length))).toBeLessThanOrEqual(100);
    }
  });

  it('CSV: numbers and number ranges (negative savings) stay numbers; anything else that starts like a formula gets a quote', () => {
    const out = csvPrinter.print({ title: 't', sections: [{ kind: 'table', columns: [{ header: 'v' }], rows: [['-607.5..-590'], ['-3.2'], ['+1e3'], ['-x'], ['@SUM(A1)'], [`${FORMULA}/k`]] }] }, null);
    expect(out.split('\n').slice(1, 7)).toEqual(['-607.5..-590', '-3.2', '+1e3', "'-x", "'@SUM(A1)", `'${FORMULA}/k`]);
  });

  it('--json keeps the real values (JSON-escaped, not terminal-escaped)', async () => {
    const r = await cli(['estimate', '--scenario', scenario, '--json']);
    expect(r.code).toBe(0);
    const data = JSON.parse(r.stdout) as { scenario: string; trails: Array<{ name: string }> };
    expect(data.scenario).toBe(names.scenario);
    expect(data.trails[0].name).toBe(names.trail);
    expect(r.stdout).not.toContain(EVIL_SHOWN);
  });
});
