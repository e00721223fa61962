/**
 * Issue 16, contracts: what `--json` and `--format csv` really print, run as a subprocess on the bundled demo and
 * on a scenario with a bucket of unknown volume (small-startup's startup-legacy-exports), checked against the
 * contracts the shipped JSON Schemas are generated from — and unknown never printed as 0.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { CompareOutput, EstimateOutput, LintOutput, MatchLine, OptimizeOutput, SCHEMA_VERSION } from '../../src/report/contracts.js';
import { cli, expectContract, expectShippedSchema, fixture, parseCsv, scenario, zeroesBesideUnknown, type CliRun } from './helpers.js';

const json = (r: CliRun): unknown => {
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout);
};

type Row = { label: string; key: string; events: unknown; usd: unknown; unknownParts: number; perTrail: Record<string, { usd: unknown; unknownParts: number }> };
type Estimate = {
  schemaVersion: number;
  trails: Array<{ name: string; usd: { low: number; high: number } | null; unknownParts: number; proposed?: { unknownParts: number } }>;
  total: { usd: { low: number; high: number }; unknownParts: number; unknown: { classes: number } };
  proposed: { unknownParts: number } | null;
  breakdown?: { by: string; rows: Row[] };
};

describe('--json outputs match their contracts and the shipped schema/*.schema.json', () => {
  const runs: Record<string, CliRun> = {};
  beforeAll(() => {
    runs.estimateDemo = cli(['estimate', '--json']);
    runs.estimateUnknown = cli(['estimate', '--scenario', scenario('small-startup'), '--json', '--by', 'resource']);
    runs.estimateEvents = cli(['estimate', '--json', '--by', 'event']);
    runs.compareDemo = cli(['compare', '--json']);
    runs.compareUnknown = cli(['compare', '--scenario', scenario('small-startup'), '--json']);
    runs.optimizeDemo = cli(['optimize', '--json']);
    runs.optimizeUnknown = cli(['optimize', '--scenario', scenario('small-startup'), '--json']);
  }, 600_000);

  it('estimate (demo; small-startup --by resource; demo --by event)', () => {
    for (const r of [runs.estimateDemo, runs.estimateUnknown, runs.estimateEvents]) {
      const out = json(r) as Estimate;
      expect(out.schemaVersion).toBe(SCHEMA_VERSION);
      expectContract(EstimateOutput, out);
      expectShippedSchema('estimate', out);
      expect(zeroesBesideUnknown(out)).toEqual([]);
      // Totals say what they leave out: the trails' unknown parts, summed.
      expect(out.total.unknownParts).toBe(out.trails.reduce((a, t) => a + t.unknownParts, 0));
      if (out.proposed) expect(out.proposed.unknownParts).toBe(out.trails.reduce((a, t) => a + (t.proposed?.unknownParts ?? t.unknownParts), 0));
    }
  });

  it('a bucket of unknown volume is null with its unknown parts, not $0 (the issue\'s example)', () => {
    const out = json(runs.estimateUnknown) as Estimate;
    const legacy = out.breakdown!.rows.find((r) => r.label === 'startup-legacy-exports')!;
    expect(legacy).toMatchObject({ events: null, usd: null, unknownParts: 2 });
    expect(legacy.perTrail.main).toEqual({ events: null, usd: null, unknownParts: 2 });
    // A function that is measured and logs nothing is a known 0.
    const api = out.breakdown!.rows.find((r) => r.label === 'api (function)')!;
    expect(api).toMatchObject({ usd: { low: 0, high: 0 }, unknownParts: 0 });
    expect(out.total.unknownParts).toBe(2);
    expect(out.trails[0]).toMatchObject({ name: 'main', unknownParts: 2 });
    expect(out.trails[0].usd!.low).toBeGreaterThan(0);
  });

  it('compare (demo; small-startup)', () => {
    for (const r of [runs.compareDemo, runs.compareUnknown]) {
      const out = json(r) as { schemaVersion: number; rows: Array<{ name: string; unknownParts: number }>; estimates: Record<string, Estimate> };
      expect(out.schemaVersion).toBe(SCHEMA_VERSION);
      expectContract(CompareOutput, out);
      expectShippedSchema('compare', out);
      expect(zeroesBesideUnknown(out)).toEqual([]);
      for (const row of out.rows) expect(row.unknownParts).toBe(out.estimates[row.name].total.unknownParts);
    }
    const startup = json(runs.compareUnknown) as { rows: Array<{ unknownParts: number }> };
    expect(startup.rows[0].unknownParts).toBe(2);
  });

  it('optimize (demo; small-startup)', () => {
    for (const r of [runs.optimizeDemo, runs.optimizeUnknown]) {
      const out = json(r) as { schemaVersion: number; trails: Array<{ cost: { unknownPartsBefore: number } }> };
      expect(out.schemaVersion).toBe(SCHEMA_VERSION);
      expectContract(OptimizeOutput, out);
      expectShippedSchema('optimize', out);
      expect(zeroesBesideUnknown(out)).toEqual([]);
    }
    const startup = json(runs.optimizeUnknown) as { trails: Array<{ cost: { unknownPartsBefore: number } }> };
    expect(startup.trails[0].cost.unknownPartsBefore).toBe(2);
  });

  it('lint (warnings; errors; with --ignore)', () => {
    const warn = cli(['lint', fixture('selectors', 's3-pitfalls.json'), '--trail-bucket', 'lake-logs', '--json']);
    const errors = cli(['lint', fixture('selectors', 'invalid.json'), '--json']);
    const ignored = cli(['lint', fixture('selectors', 'invalid.json'), '--json', '--ignore', 'TC-SEL-111']);
    expect([warn.code, errors.code, ignored.code]).toEqual([0, 1, 1]);
    for (const r of [warn, errors, ignored]) {
      const out = JSON.parse(r.stdout) as { schemaVersion: number };
      expect(out.schemaVersion).toBe(SCHEMA_VERSION);
      expectContract(LintOutput, out);
      expectShippedSchema('lint', out);
    }
    expect(JSON.parse(errors.stdout).ignored).toBe(0);
    expect(JSON.parse(ignored.stdout).ignored).toBe(1);
  });

  it('match (one object a line, each with its schemaVersion)', () => {
    const r = cli(['match', '--selectors', fixture('selectors', 's3-pitfalls.json'), fixture('records', 'mixed.json'), fixture('cloudtrail', 'aggregated-s3-CONSTRUCTED.json'), '--json']);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { schemaVersion: number; reason?: string });
    expect(lines.length).toBe(9);
    for (const l of lines) {
      expect(l.schemaVersion).toBe(SCHEMA_VERSION);
      expectContract(MatchLine, l);
      expectShippedSchema('match', l);
    }
    expect(lines.some((l) => l.reason !== undefined)).toBe(true);
  });
});

describe('--format csv is one tidy table', () => {
  const numeric = (h: string) => /_(low|high)$|^unknown_parts$|^proposed_unknown_parts$|^warnings$/.test(h);
  function table(r: CliRun): { header: string[]; rows: Array<Record<string, string>> } {
    expect(r.code, r.stderr).toBe(0);
    const lines = parseCsv(r.stdout);
    const [header, ...body] = lines;
    // No `# title` lines, no blank separators, no second table: a header and rows of its width.
    expect(r.stdout).not.toMatch(/^#|\n\n/m);
    for (const row of body) expect(row.length).toBe(header.length);
    // Ranges are two numeric columns, never `low..high` text; an unknown value is an empty cell.
    for (const row of body) {
      header.forEach((h, i) => {
        if (numeric(h)) expect(row[i], `${h} = ${row[i]}`).toMatch(/^(-?\d+(\.\d+)?)?$/);
      });
    }
    return { header, rows: body.map((row) => Object.fromEntries(header.map((h, i) => [h, row[i]]))) };
  }

  it('estimate --by trail: a row per trail and per organization-wide line; usd sums to the total', () => {
    const t = table(cli(['estimate', '--format', 'csv']));
    expect(t.header.slice(0, 2)).toEqual(['name', 'kind']);
    expect(t.header).toEqual(expect.arrayContaining(['usd_low', 'usd_high', 'unknown_parts', 'proposed_usd_low', 'proposed_usd_high', 'data_events_low', 'data_events_high']));
    const est = json(cli(['estimate', '--json'])) as Estimate & { proposed: { usd: { low: number; high: number } } };
    expect(t.rows.map((r) => r.name)).toEqual([...est.trails.map((x) => x.name), 'Athena queries over S3 logs']);
    const total = (col: string) => t.rows.reduce((a, r) => a + Number(r[col]), 0);
    expect(total('usd_low')).toBeCloseTo(est.total.usd.low, 2);
    expect(total('usd_high')).toBeCloseTo(est.total.usd.high, 2);
    expect(total('proposed_usd_low')).toBeCloseTo(est.proposed.usd.low, 2);
    expect(total('unknown_parts')).toBe(est.total.unknownParts);
  });

  it('estimate --by resource: the unknown bucket has empty cells, not 0', () => {
    const t = table(cli(['estimate', '--scenario', scenario('small-startup'), '--by', 'resource', '--format', 'csv']));
    expect(t.header).toEqual(['resource', 'key', 'trail', 'events_low', 'events_high', 'usd_low', 'usd_high', 'unknown_parts', 'provenance']);
    expect(t.rows.find((r) => r.resource === 'startup-legacy-exports')).toMatchObject({ events_low: '', events_high: '', usd_low: '', usd_high: '', unknown_parts: '2' });
    expect(t.rows.find((r) => r.resource === 'api (function)')).toMatchObject({ usd_low: '0', usd_high: '0', unknown_parts: '0' });
  });

  it('estimate --by prefix: every row of the slice for every trail (not the 40 the table shows)', () => {
    const est = json(cli(['estimate', '--json', '--by', 'prefix'])) as Estimate;
    const t = table(cli(['estimate', '--by', 'prefix', '--format', 'csv']));
    expect(est.breakdown!.rows.length).toBeGreaterThan(40);
    expect(t.rows.length).toBe(est.breakdown!.rows.length * est.trails.length);
  });

  it('compare: a row per variant with numeric ranges', () => {
    const t = table(cli(['compare', '--format', 'csv']));
    expect(t.header).toEqual(expect.arrayContaining(['variant', 'usd_low', 'usd_high', 'delta_usd_low', 'delta_usd_high', 'unknown_parts']));
    expect(t.rows[0]).toMatchObject({ variant: 'baseline', delta_usd_low: '0', delta_usd_high: '0' });
  });
});
