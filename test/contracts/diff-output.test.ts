/**
 * Issue 16, contracts: `diff --json` as the binary prints it — on the demo's Terraform plans, between a scenario's
 * own sides, and on small-startup with sides that log only its bucket of unknown volume — checked against the zod
 * contract and the shipped schema/diff.schema.json, with unknown never printed as 0. And the validator the shipped
 * schemas are checked with rejects what it must (a test that cannot fail proves nothing).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DiffOutput, SCHEMA_VERSION } from '../../src/report/contracts.js';
import { validate } from './json-schema.js';
import { cli, expectContract, expectShippedSchema, fixture, scenario, shippedSchema, zeroesBesideUnknown, type CliRun } from './helpers.js';

type Known = { low: number; high: number } | null;
interface Cost { before: Known; after: Known; delta: Known; unknownPartsBefore: number; unknownPartsAfter: number }
interface Diff {
  schemaVersion: number;
  total: Cost;
  trails: Array<{ trail: string; cost: Cost; dataEvents: Cost; unknown: { before: { classes: number }; after: { classes: number } } }>;
}

const MGMT = { Name: 'Management events', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }] };
const LEGACY = {
  Name: 'legacy exports',
  FieldSelectors: [{ Field: 'eventCategory', Equals: ['Data'] }, { Field: 'resources.type', Equals: ['AWS::S3::Object'] }, { Field: 'resources.ARN', StartsWith: ['arn:aws:s3:::startup-legacy-exports/'] }],
};

let dir: string;
const runs: Record<string, CliRun> = {};
const json = (r: CliRun): Diff => {
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as Diff;
};

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'trailcost-diff-contract-'));
  const legacyOnly = join(dir, 'legacy-only.json');
  const legacyMgmt = join(dir, 'legacy-mgmt.json');
  writeFileSync(legacyOnly, JSON.stringify([LEGACY]));
  writeFileSync(legacyMgmt, JSON.stringify([MGMT, LEGACY]));
  const startup = ['--scenario', scenario('small-startup'), '--trail', 'main'];
  runs.narrow = cli(['diff', '--plan', fixture('terraform', 'plan-narrow-data-trail.json'), '--json']);
  runs.drop = cli(['diff', '--plan', fixture('terraform', 'plan-drop-pii-vault.json'), '--json']);
  runs.variant = cli(['diff', '--before', 'current', '--after', 'variant:writes-only-outside-pii', '--json']);
  // The after side logs only startup-legacy-exports (no metrics) and no management events: nothing known.
  runs.toUnknown = cli(['diff', ...startup, '--after', legacyOnly, '--json']);
  runs.toUnknownTable = cli(['diff', ...startup, '--after', legacyOnly, '--wide']);
  runs.fromUnknown = cli(['diff', ...startup, '--before', legacyOnly, '--after', legacyMgmt, '--json']);
}, 300_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('diff --json matches its contract (schema/diff.schema.json)', () => {
  it('every run: schemaVersion, the zod contract, the shipped schema, no 0 beside unknown parts', () => {
    for (const [name, r] of Object.entries(runs)) {
      if (name.endsWith('Table')) continue;
      const out = json(r);
      expect(out.schemaVersion, name).toBe(SCHEMA_VERSION);
      expectContract(DiffOutput, out);
      expectShippedSchema('diff', out);
      expect(zeroesBesideUnknown(out), name).toEqual([]);
      // A total says what it leaves out: its trails' unknown parts, summed.
      expect(out.total.unknownPartsBefore).toBe(out.trails.reduce((a, t) => a + t.cost.unknownPartsBefore, 0));
      expect(out.total.unknownPartsAfter).toBe(out.trails.reduce((a, t) => a + t.cost.unknownPartsAfter, 0));
      for (const t of out.trails) {
        expect(t.cost.unknownPartsBefore).toBe(t.unknown.before.classes);
        expect(t.dataEvents.unknownPartsAfter).toBe(t.unknown.after.classes);
      }
    }
  });

  it('the demo: known parts with their unknown parts counted (data-trail logs 5 unmeasured buckets)', () => {
    const t = json(runs.narrow).trails[0];
    expect(t.trail).toBe('data-trail');
    expect(t.cost.unknownPartsBefore).toBeGreaterThan(0);
    expect(t.cost.before!.low).toBeGreaterThan(0);
    expect(t.cost.delta!.high).toBeLessThan(0);
  });

  it('a side with nothing known is null — its cost, its events and the change — never 0', () => {
    const to = json(runs.toUnknown);
    expect(to.trails[0].cost).toMatchObject({ after: null, delta: null, unknownPartsAfter: 2 });
    expect(to.trails[0].cost.before!.low).toBeGreaterThan(0);
    expect(to.trails[0].dataEvents).toMatchObject({ after: null, delta: null, unknownPartsAfter: 2 });
    expect(to.total).toMatchObject({ after: null, delta: null, unknownPartsAfter: 2 });
    const from = json(runs.fromUnknown);
    expect(from.trails[0].cost).toMatchObject({ before: null, delta: null, unknownPartsBefore: 2, unknownPartsAfter: 2 });
    // Management events bring a known part (their delivery to S3) beside the unknown bucket.
    expect(from.trails[0].cost.after!.low).toBeGreaterThan(0);
    expect(from.trails[0].dataEvents.after).toBeNull();
  });

  it('the table says unknown where the JSON says null, never $0.00', () => {
    const r = runs.toUnknownTable;
    expect(r.code, r.stderr).toBe(0);
    const row = r.stdout.split('\n').find((l) => l.startsWith('main '))!;
    expect(row.split(/\s{2,}/).slice(1, 5)).toEqual([expect.stringMatching(/^\$[\d.,]+ \+\?$/), 'unknown', 'unknown', expect.stringMatching(/^[\d.]+M \+\? → unknown$/)]);
    expect(r.stdout).not.toContain('$0.00');
    expect(r.stdout).toContain('+? = the known part only');
  });
});

describe('the shipped-schema validator is not vacuous', () => {
  it('rejects a missing schemaVersion, a 0 given as text, an unlisted field, a wrong enum and a bad $ref target', () => {
    const schema = shippedSchema('diff');
    const good = json(runs.drop);
    expect(validate(schema, good)).toEqual([]);
    const bad = (f: (o: Record<string, any>) => void) => {
      const o = JSON.parse(JSON.stringify(good)) as Record<string, any>;
      f(o);
      return validate(schema, o);
    };
    expect(bad((o) => delete o.schemaVersion)).toEqual(['$.schemaVersion: required']);
    expect(bad((o) => (o.schemaVersion = 2))).toEqual(['$.schemaVersion: not 1']);
    expect(bad((o) => (o.trails[0].cost.after = '0'))).not.toEqual([]);
    expect(bad((o) => (o.trails[0].cost.unknownPartsAfter = -1))).not.toEqual([]);
    expect(bad((o) => (o.trails[0].surprise = true))).toEqual(['$.trails[0].surprise: not allowed']);
    expect(bad((o) => (o.trails[0].selectors.kind.after = 'fancy'))).not.toEqual([]);
    expect(bad((o) => (o.trails[0].policy.broken[0].code = 'nope'))).not.toEqual([]);
    expect(() => validate({ type: 'object', if: {} }, {})).toThrow(/does not implement "if"/);
  });
});
