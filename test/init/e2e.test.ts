/**
 * From a scan of the local AWS fake to a reviewed-ready scenario: `scan` reads bucket tags (GetBucketTagging),
 * `init` turns them and the names into suggestions, and `estimate` and `optimize` run on the result. Expectations
 * come from the fake's seeded truth (its tags and trails), not from init's own logic.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { startFakeAws, type FakeAws } from '../fake-aws/server.js';
import { SnapshotSchema } from '../../src/model/snapshot.js';
import { cleanEnv, runCli } from '../scan/run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'trailcost-init-e2e-'));
const ORG_ROLE = 'OrganizationAccountAccessRole';
type Rule = { match: string; decision: string; reason: string };

let aws: FakeAws;
beforeAll(async () => {
  aws = await startFakeAws({ seed: { seed: 8, buckets: 36, functions: 12, tables: 6 } });
});
afterAll(() => aws.close());

async function scanAndInit(name: string) {
  const snap = join(dir, `${name}.snapshot.json`);
  const out = join(dir, `${name}.yaml`);
  const scan = await runCli(['scan', '--org-role', ORG_ROLE, '--out', snap, '--no-billing'], cleanEnv(aws.env));
  const init = await runCli(['init', '--snapshot', snap, '--out', out], cleanEnv());
  const text = readFileSync(out, 'utf8');
  return { scan, init, text, snapshot: SnapshotSchema.parse(JSON.parse(readFileSync(snap, 'utf8'))), rules: (parse(text) as { policy: { rules: Rule[] } }).policy.rules, out };
}

describe('scan the fake → init → estimate and optimize', () => {
  it('keeps what the tags and names mark, drops the trails\' buckets, and the scenario runs', async () => {
    const r = await scanAndInit('org');
    expect(r.scan.code).toBe(0);
    expect(r.init.code).toBe(0);
    const t = aws.truth;
    // Every bucket's tags are in the snapshot, as seeded ([] for none).
    expect(r.snapshot.buckets.map((b) => [b.name, b.tags])).toEqual(
      [...t.buckets].sort((a, b) => (`${a.account}|${a.region}|${a.name}` < `${b.account}|${b.region}|${b.name}` ? -1 : 1)).map((b) => [b.name, b.tags ?? []]),
    );
    const rule = (m: string) => r.rules.find((x) => x.match === m);
    const seeded = (word: string) => t.buckets.filter((b) => b.name.startsWith(`${word}-`));
    expect(seeded('exports').length).toBeGreaterThan(0);
    // data-classification=Confidential, and a name with no sensitive word: kept by tag.
    for (const b of seeded('exports')) expect(rule(b.name)).toMatchObject({ decision: 'keep', reason: 'sensitive data (by tag)' });
    // DataClassification=PII on a pii-* bucket: both.
    for (const b of seeded('pii')) expect(rule(b.name)).toMatchObject({ decision: 'keep', reason: 'sensitive data (by tag and name)' });
    // classification "Données personnelles - restricted": kept by tag, and the value is in the comment, escaped.
    for (const b of seeded('media')) expect(rule(b.name)).toMatchObject({ decision: 'keep', reason: 'sensitive data (by tag)' });
    expect(r.text).toContain('"Donn\\u00e9es personnelles - restricted"');
    // Sensitivity=public: nothing suggested.
    for (const b of seeded('reports')) expect(rule(b.name)).toBeUndefined();
    // Every trail's destination bucket: dropped by construction, in the inventory or not.
    for (const tr of t.trails) expect(rule(tr.s3Bucket)).toMatchObject({ decision: 'drop', reason: 'CloudTrail log delivery' });
    expect(r.text).toMatch(/not in the snapshot's inventory/);
    expect(r.text).not.toContain('Bucket tags:');

    const est = await runCli(['estimate', '--scenario', r.out, '--json'], cleanEnv());
    expect(est.code).toBe(0);
    const priced = (JSON.parse(est.stdout) as { trails: Array<{ name: string }> }).trails.map((x) => x.name);
    expect(priced).toEqual(expect.arrayContaining(t.trails.map((x) => x.name)));
    const opt = await runCli(['optimize', '--scenario', r.out, '--trail', 'org-trail'], cleanEnv());
    expect(opt.code).toBe(0);
    const values = (JSON.parse(opt.stdout) as Array<{ FieldSelectors: Array<{ Field: string; StartsWith?: string[]; NotStartsWith?: string[] }> }>)
      .flatMap((s) => s.FieldSelectors.filter((f) => f.Field === 'resources.ARN').flatMap((f) => [...(f.StartsWith ?? []), ...(f.NotStartsWith ?? [])]));
    expect(values.length).toBeGreaterThan(0);
    expect(opt.stderr).toMatch(/proof .*all hold/);
  }, 120_000);

  it('GetBucketTagging denied: the scan exits 3 with the gap, init still writes from names and says the tags are missing', async () => {
    aws.faults.denyOperations = ['s3:GetBucketTagging'];
    try {
      const r = await scanAndInit('denied');
      expect(r.scan.code).toBe(3);
      expect(r.snapshot.gaps.some((g) => g.operation === 'GetBucketTagging' && g.error === 'AccessDenied')).toBe(true);
      expect(r.snapshot.buckets.every((b) => b.tags === undefined)).toBe(true);
      expect(r.init.code).toBe(0);
      expect(r.text).toContain('Bucket tags: could not be read for any bucket (the snapshot\'s gaps list GetBucketTagging)');
      const exports = aws.truth.buckets.filter((b) => b.name.startsWith('exports-'));
      for (const b of exports) expect(r.rules.find((x) => x.match === b.name)).toBeUndefined();
      for (const b of aws.truth.buckets.filter((x) => x.name.startsWith('pii-'))) {
        expect(r.rules.find((x) => x.match === b.name)).toMatchObject({ decision: 'keep', reason: 'sensitive data (by name)' });
      }
      expect((await runCli(['estimate', '--scenario', r.out], cleanEnv())).code).toBe(0);
    } finally {
      aws.faults.denyOperations = [];
    }
  }, 120_000);
});
