/**
 * Issue 16: the text tables say what --json says about unknown volume. Where the JSON has null (nothing known), the
 * table cell reads `unknown`, never $0.00; where it has known parts beside unknownParts > 0, the cell is the known
 * part followed by `+?`; a complete figure has no marker. Checked cell by cell, on the real binary, for estimate
 * (every --by), compare and the optimize summary, on the demo and on small-startup (a bucket with no metrics).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, scenario, type CliRun } from './helpers.js';

type Known = { low: number; high: number } | null;

/** The first table under `title`: its header names and body rows as cells, cut at the columns' rule segments. */
function table(text: string, title: string): { header: string[]; rows: string[][]; footer: string[][] } {
  const lines = text.split('\n');
  const at = lines.indexOf(title);
  expect(at, `no table "${title}"`).toBeGreaterThanOrEqual(0);
  const rule = lines[at + 2];
  const spans: Array<[number, number]> = [];
  for (const m of rule.matchAll(/─+/g)) spans.push([m.index!, m.index! + m[0].length]);
  const cut = (l: string) => spans.map(([a, b]) => l.slice(a, b).trim());
  const end = lines.findIndex((l, i) => i > at + 2 && l === rule);
  const body = lines.slice(at + 3, end === -1 ? undefined : end);
  const footer: string[][] = [];
  if (end !== -1) for (let i = end + 1; i < lines.length && lines[i] !== '' && !lines[i].startsWith('  '); i++) footer.push(cut(lines[i]));
  return { header: cut(lines[at + 1]), rows: body.map(cut), footer };
}

/** What a cell must look like for a figure of the JSON. */
function expectCell(cell: string, value: Known, unknownParts: number, where: string): void {
  if (value === null) {
    expect(cell, where).toBe('unknown');
    return;
  }
  expect(cell, where).not.toBe('unknown');
  if (unknownParts > 0) expect(cell, where).toMatch(/ \+\?$/);
  else expect(cell, where).not.toMatch(/\+\?/);
}

const json = (r: CliRun): any => {
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout);
};

const SLICES = ['account', 'region', 'resource', 'prefix', 'event'] as const;
const SCENARIOS = { demo: [] as string[], 'small-startup': ['--scenario', scenario('small-startup')] };
const runs: Record<string, { text: CliRun; json: CliRun }> = {};

beforeAll(() => {
  for (const [name, args] of Object.entries(SCENARIOS)) {
    for (const by of ['trail', ...SLICES]) {
      runs[`${name} ${by}`] = { text: cli(['estimate', ...args, '--by', by, '--wide', '--top', '0']), json: cli(['estimate', ...args, '--by', by, '--json']) };
    }
    runs[`${name} compare`] = { text: cli(['compare', ...args, '--wide']), json: cli(['compare', ...args, '--json']) };
    runs[`${name} optimize`] = { text: cli(['optimize', ...args]), json: cli(['optimize', ...args, '--json']) };
  }
}, 600_000);

describe('estimate: every --by slice, cell by cell against --json', () => {
  for (const name of Object.keys(SCENARIOS)) {
    it.each(SLICES)(`${name} --by %s`, (by) => {
      const { text, json: j } = runs[`${name} ${by}`];
      expect(text.code, text.stderr).toBe(0);
      const out = json(j);
      const t = table(text.stdout, `Data events by ${by}`);
      const rows = out.breakdown.rows as Array<{ label: string; events: Known; usd: Known; unknownParts: number; perTrail: Record<string, { usd: Known; unknownParts: number }> }>;
      expect(t.rows.length).toBe(rows.length);
      const trails = t.header.slice(3, t.header.indexOf('Unknown'));
      rows.forEach((row, i) => {
        const cells = t.rows[i];
        const where = `${by} row ${i} (${row.label}): ${cells.join(' | ')}`;
        expect(cells[0]).toBe(row.label);
        expectCell(cells[1], row.events, row.unknownParts, where);
        expectCell(cells[2], row.usd, row.unknownParts, where);
        trails.forEach((n, k) => {
          const c = row.perTrail[n];
          // A trail that logs nothing here is '—'; otherwise its figure, as above.
          if (c.usd !== null && c.usd.high === 0 && c.unknownParts === 0) expect(cells[3 + k], where).toBe('—');
          else expectCell(cells[3 + k], c.usd, c.unknownParts, `${where} [${n}]`);
        });
        expect(cells[3 + trails.length]).toBe(row.unknownParts > 0 ? String(row.unknownParts) : '');
      });
      const parts = rows.reduce((a, r) => a + r.unknownParts, 0);
      expect(t.footer[0][2].endsWith(' +?')).toBe(parts > 0);
      if (parts > 0) expect(text.stdout).toContain('+? = the known part only');
    });
  }

  it.each(Object.keys(SCENARIOS))('%s --by trail: the trails table and its total', (name) => {
    const { text, json: j } = runs[`${name} trail`];
    const out = json(j);
    const t = table(text.stdout, 'Monthly cost by trail (USD)');
    const total = t.header.indexOf('Total/mo');
    const events = t.header.indexOf('Data ev/mo');
    (out.trails as Array<{ usd: Known; dataEvents: Known; unknownParts: number }>).forEach((tr, i) => {
      expectCell(t.rows[i][total], tr.usd, tr.unknownParts, `trail ${i}`);
      expectCell(t.rows[i][events], tr.dataEvents, tr.unknownParts, `trail ${i} events`);
    });
    expectCell(t.footer[0][total], out.total.usd, out.total.unknownParts, 'total');
    expect(text.stdout).not.toMatch(/\$0\.00 \+\?/);
  });
});

describe('compare and the optimize summary', () => {
  it.each(Object.keys(SCENARIOS))('%s: compare rows against --json', (name) => {
    const { text, json: j } = runs[`${name} compare`];
    const out = json(j);
    const t = table(text.stdout, 'Monthly cost (USD)');
    const total = t.header.indexOf('Total/mo');
    (out.rows as Array<{ name: string; usd: Known; dataEvents: Known; unknownParts: number }>).forEach((row, i) => {
      expect(t.rows[i][0]).toBe(row.name);
      expectCell(t.rows[i][total], row.usd, row.unknownParts, row.name);
      expectCell(t.rows[i][1], row.dataEvents, row.unknownParts, `${row.name} events`);
    });
  });

  it.each(Object.keys(SCENARIOS))('%s: optimize summary lines against --json', (name) => {
    const { text, json: j } = runs[`${name} optimize`];
    expect(text.code, text.stderr).toBe(0);
    const out = json(j);
    for (const tr of out.trails as Array<{ trail: string; cost: { usdBefore: Known; usdAfter: Known; unknownPartsBefore: number; unknownPartsAfter: number } }>) {
      const block = text.stderr.slice(text.stderr.indexOf(`${tr.trail}:`));
      const m = /cost\/month {5}now (.+?) {2}→ {2}proposed (.+?) {3}/.exec(block)!;
      expect(m, block.slice(0, 300)).not.toBeNull();
      expectCell(m[1], tr.cost.usdBefore, tr.cost.unknownPartsBefore, `${tr.trail} now`);
      expectCell(m[2], tr.cost.usdAfter, tr.cost.unknownPartsAfter, `${tr.trail} proposed`);
    }
  });
});
