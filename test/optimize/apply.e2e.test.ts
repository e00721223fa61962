/**
 * `trailcost apply` end to end: the real binary and SDK client against the local AWS fake, whose
 * PutEventSelectors checks the set as AWS documents and whose GetEventSelectors then answers what was put.
 * The snapshot comes from the fake's seeded truth; every check that needs no policy must hold with a snapshot.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFakeAws, type FakeAws } from '../fake-aws/server.js';
import { expectedSnapshot } from '../scan/expected.js';
import { cleanEnv, runCli } from '../scan/run-cli.js';
import { SNAPSHOT_VERSION } from '../../src/model/snapshot.js';

const dir = mkdtempSync(join(tmpdir(), 'trailcost-apply-e2e-'));
let aws: FakeAws;
let snap = '';
let scenario = '';
const ORG = 'org-trail';
const MGMT = { Name: 'Management events', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }] };
const s3Except = (name: string, prefixes: string[]) => ({
  Name: name,
  FieldSelectors: [
    { Field: 'eventCategory', Equals: ['Data'] },
    { Field: 'resources.type', Equals: ['AWS::S3::Object'] },
    { Field: 'resources.ARN', NotStartsWith: prefixes },
  ],
});
const LAMBDA = { Name: 'Lambda', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Data'] }, { Field: 'resources.type', Equals: ['AWS::Lambda::Function'] }] };

function trailOf(name: string) {
  return aws.truth.trails.find((t) => t.name === name)!;
}
function file(name: string, value: unknown): string {
  const p = join(dir, name);
  writeFileSync(p, typeof value === 'string' ? value : JSON.stringify(value, null, 2));
  return p;
}
async function apply(args: string[], env: Record<string, string> = {}) {
  return runCli(['apply', ...args], cleanEnv({ ...aws.env, ...env }), dir);
}
const backups = () => readdirSync(dir).filter((f) => f.includes('backup'));

beforeAll(async () => {
  aws = await startFakeAws({ seed: { seed: 3, buckets: 12, functions: 4, tables: 3 } });
  const s = expectedSnapshot(aws.truth, aws.truth.now, 14, aws.truth.accounts.map((a) => a.id));
  snap = file('snap.json', { version: SNAPSHOT_VERSION, generatedAt: aws.truth.now.toISOString(), source: { tool: 'test', kind: 'generated' }, ...s, accounts: aws.truth.accounts, regions: aws.truth.regions, organization: aws.truth.organization });
  scenario = file('scenario.yaml', `name: apply-e2e\nsnapshot: snap.json\npolicy:\n  default: drop\n  rules:\n    - match: pii-1111-3-3\n      decision: keep\n      reason: customer PII\n`);
});
afterAll(() => aws.close());

describe('apply against the fake, through the real SDK', () => {
  it('with a snapshot, refuses an empty set, a set without management events, lint errors and unacknowledged coverage loss — and writes nothing', async () => {
    const original = JSON.stringify(trailOf(ORG).selectors);
    const cases: Array<[string, unknown, RegExp]> = [
      ['empty.json', [], /REFUSED: the set has no management-event selector/],
      ['no-mgmt.json', [s3Except('S3', ['arn:aws:s3:::org-trail-logs-100003001111/']), LAMBDA], /REFUSED: the set has no management-event selector/],
      ['lint.json', [MGMT, { Name: 'two types', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Data'] }, { Field: 'resources.type', Equals: ['AWS::S3::Object'] }, { Field: 'resources.type', Equals: ['AWS::Lambda::Function'] }] }], /REFUSED: TC-SEL-\d+/],
      ['narrow.json', [MGMT, s3Except('S3', ['arn:aws:s3:::org-trail-logs-100003001111/', 'arn:aws:s3:::etl-3333-3-2/']), LAMBDA], /REFUSED: 1 resource\(s\) stop being logged and no policy says they may/],
    ];
    for (const [name, set, refusal] of cases) {
      const r = await apply(['--trail', ORG, '--snapshot', snap, '--selectors', file(name, set), '--yes']);
      expect(r.code, `${name}: ${r.stderr}`).toBe(1);
      expect(r.stderr).toMatch(refusal);
      expect(JSON.stringify(trailOf(ORG).selectors)).toBe(original);
    }
    expect(backups()).toEqual([]);
  });

  it('says exactly what stops being logged, field by field', async () => {
    const r = await apply(['--trail', ORG, '--snapshot', snap, '--selectors', file('narrow2.json', [MGMT, s3Except('S3 objects except the log bucket', ['arn:aws:s3:::org-trail-logs-100003001111/', 'arn:aws:s3:::etl-3333-3-2/']), LAMBDA])]);
    expect(r.stderr).toContain('~ S3 objects except the log bucket');
    expect(r.stderr).toMatch(/resources\.ARN NotStartsWith: \+ arn:aws:s3:::etl-3333-3-2\//);
    expect(r.stderr).toMatch(/stops being logged \(1\):\n\s+etl-3333-3-2\/: reads \(.*GetObject.*\), writes \(.*PutObject/);
  });

  it('a hostile selector Name cannot write to the approver\'s terminal', async () => {
    const name = 'S3\x1b]52;c;SGVsbG8=\x07\x1b[1A\x1b[2K all clear \u202e';
    const r = await apply(['--trail', ORG, '--snapshot', snap, '--selectors', file('hostile.json', [MGMT, s3Except(name, ['arn:aws:s3:::org-trail-logs-100003001111/']), LAMBDA])]);
    expect(r.stderr).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/);
    expect(r.stderr).toContain('S3\\x1b]52;c;SGVsbG8=\\x07');
  });

  it('a dry run writes no backup; --trail takes the ARN; --yes applies, GetEventSelectors answers the new set, and --restore puts back exactly what was there', async () => {
    const before = structuredClone(trailOf(ORG).selectors);
    const set = [MGMT, s3Except('S3', ['arn:aws:s3:::org-trail-logs-100003001111/', 'arn:aws:s3:::etl-3333-3-2/']), LAMBDA];
    const sel = file('apply.json', set);
    const dry = await apply(['--trail', trailOf(ORG).arn, '--snapshot', snap, '--selectors', sel, '--allow-coverage-loss']);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stderr).toContain('dry run: nothing changed, nothing written');
    expect(backups()).toEqual([]);

    const real = await apply(['--trail', ORG, '--snapshot', snap, '--selectors', sel, '--allow-coverage-loss', '--yes', '--backup', 'b1.json']);
    expect(real.code, real.stderr).toBe(0);
    expect(trailOf(ORG).selectors).toEqual({ kind: 'advanced', selectors: set });
    const undo = /To undo: (.*)/.exec(real.stderr)![1];
    expect(undo).toBe(`trailcost apply --restore ${join(dir, 'b1.json')} --snapshot ${snap} --yes`);
    const saved = JSON.parse(readFileSync(join(dir, 'b1.json'), 'utf8'));
    expect(saved).toMatchObject({ TrailARN: trailOf(ORG).arn, HomeRegion: 'us-east-1', AdvancedEventSelectors: before.selectors });

    // Undoing adds coverage back: never refused, and the backup of the state being replaced is kept too.
    const back = await apply(['--restore', join(dir, 'b1.json'), '--snapshot', snap, '--yes', '--backup', 'b2.json']);
    expect(back.code, back.stderr).toBe(0);
    expect(back.stderr).toMatch(/starts being logged \(1\):\n\s+etl-3333-3-2\//);
    expect(trailOf(ORG).selectors).toEqual(before);
    expect(existsSync(join(dir, 'b2.json'))).toBe(true);
  });

  it('a backup of basic selectors is restored as basic selectors', async () => {
    const t = trailOf('dynamodb-basic');
    const before = structuredClone(t.selectors);
    expect(before.kind).toBe('basic');
    const env = { AWS_ACCESS_KEY_ID: `ASIA${t.account}TEST`, AWS_REGION: t.homeRegion };
    const set = [MGMT, { Name: 'DynamoDB', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Data'] }, { Field: 'resources.type', Equals: ['AWS::DynamoDB::Table'] }] }];
    const r = await apply(['--trail', 'dynamodb-basic', '--snapshot', snap, '--selectors', file('ddb.json', set), '--yes', '--backup', 'b-ddb.json'], env);
    expect(r.code, r.stderr).toBe(0);
    expect(t.selectors.kind).toBe('advanced');
    const back = await apply(['--restore', 'b-ddb.json', '--yes', '--backup', 'b-ddb2.json'], env);
    expect(back.code, back.stderr).toBe(0);
    expect(back.stderr).toContain('(basic selectors)');
    expect(t.selectors).toEqual(before);
  });

  it('with a policy, a set that drops a kept bucket is refused with the prefix shown', async () => {
    const r = await apply(['--trail', ORG, '--scenario', scenario, '--selectors', file('pii.json', [MGMT, s3Except('S3', ['arn:aws:s3:::org-trail-logs-100003001111/', 'arn:aws:s3:::pii-1111-3-3/']), LAMBDA]), '--yes']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/NotStartsWith: \+ arn:aws:s3:::pii-1111-3-3\//);
    expect(r.stderr).toMatch(/REFUSED: pii-1111-3-3\/: \w+ must be logged \(rule pii-1111-3-3\)/);
    expect(backups().filter((f) => !/^b(1|2|-ddb2?)\.json$/.test(f))).toEqual([]);
  });

  it('AWS refusals are reported (exit 1): a member account cannot change the organization trail', async () => {
    const member = aws.truth.accounts.find((a) => a.id !== trailOf(ORG).account)!.id;
    const r = await apply(['--trail', ORG, '--snapshot', snap, '--selectors', file('same.json', trailOf(ORG).selectors.selectors), '--yes', '--backup', 'b-member.json'], { AWS_ACCESS_KEY_ID: `ASIA${member}TEST` });
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toMatch(/PutEventSelectors on .* failed: NotOrganizationMasterAccountException/);
  });

  it('a management selector may go where another logging trail provably logs the same management events; otherwise refused with the gap', async () => {
    // dynamodb-basic (an account trail, every Region) repeats org-trail's management events: the set without them is accepted.
    const t = trailOf('dynamodb-basic');
    const before = structuredClone(t.selectors);
    const env = { AWS_ACCESS_KEY_ID: `ASIA${t.account}TEST`, AWS_REGION: t.homeRegion };
    const ddbOnly = [{ Name: 'DynamoDB', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Data'] }, { Field: 'resources.type', Equals: ['AWS::DynamoDB::Table'] }] }];
    const ok = await apply(['--trail', 'dynamodb-basic', '--snapshot', snap, '--selectors', file('ddb-no-mgmt.json', ddbOnly), '--yes', '--backup', 'b-dup.json'], env);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stderr).toMatch(/management events: no selector left, accepted — org-trail logs the same management events for every account and Region dynamodb-basic covers \(\d+ account × Region × event-class checks/);
    expect(ok.stderr).not.toContain('REFUSED');
    expect(t.selectors).toEqual({ kind: 'advanced', selectors: ddbOnly });
    // The same change on org-trail is refused: no other trail logs the organization's management events everywhere.
    type Sel = { Name?: string; FieldSelectors: Array<{ Field: string; Equals?: string[] }> };
    const orgSet = (trailOf(ORG).selectors.selectors as Sel[]).filter((x) => !x.FieldSelectors.some((f) => f.Field === 'eventCategory' && f.Equals?.includes('Management')));
    const refused = await apply(['--trail', ORG, '--snapshot', snap, '--selectors', file('org-no-mgmt.json', orgSet), '--yes', '--backup', 'b-org.json']);
    expect(refused.code, refused.stderr).toBe(1);
    expect(refused.stderr).toMatch(/REFUSED: the set has no management-event selector: .*, and no other logging trail logs all (read|write) events in \d{12} \/ [a-z0-9-]+/);
    expect(existsSync(join(dir, 'b-org.json'))).toBe(false);
    // bucket-writes runs Insights on its management events: refused even where org-trail logs them.
    const bw = trailOf('bucket-writes');
    const bwSet = (bw.selectors.selectors as Sel[]).filter((x) => x.Name !== 'Management events');
    const insights = await apply(['--trail', 'bucket-writes', '--snapshot', snap, '--selectors', file('bw-no-mgmt.json', bwSet), '--yes', '--backup', 'b-bw.json'], { AWS_ACCESS_KEY_ID: `ASIA${bw.account}TEST`, AWS_REGION: bw.homeRegion });
    expect(insights.code, insights.stderr).toBe(1);
    expect(insights.stderr).toMatch(/REFUSED: .*Insights \(ApiCallRateInsight\) on bucket-writes analyzes its own management events/);
    // Put dynamodb-basic back as it was (its basic selectors).
    const back = await apply(['--restore', 'b-dup.json', '--yes', '--backup', 'b-dup2.json'], env);
    expect(back.code, back.stderr).toBe(0);
    expect(t.selectors).toEqual(before);
  });

  it('no credentials: exit 2 with a hint, as scan does', async () => {
    const r = await runCli(['apply', '--trail', ORG, '--snapshot', snap, '--selectors', join(dir, 'apply.json')], cleanEnv({ AWS_ENDPOINT_URL: aws.env.AWS_ENDPOINT_URL, AWS_REGION: 'us-east-1' }), dir);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/no usable AWS credentials.*--profile/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
