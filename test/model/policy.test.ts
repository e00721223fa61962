import { describe, expect, it } from 'vitest';
import { readRule, targetCovers, type Decision } from '../../src/model/policy.js';
import { policyModel } from '../../src/model/policy-model.js';
import { governedTrails, inReach } from '../../src/model/governance.js';
import { inputFromYaml } from '../estimate/helpers.js';

const FN = 'arn:aws:lambda:us-east-1:111111111111:function:';
const TABLE = 'arn:aws:dynamodb:us-east-1:111111111111:table/';
const target = (match: string, decision: Decision = 'keep') => {
  const r = readRule({ match, decision });
  if (!r.ok) throw new Error(r.error);
  if (!r.target) throw new Error(`${match} is a scope rule`);
  return r.target;
};

describe('readRule: one reading of every rule form', () => {
  it('a bucket name, a bucket path and a bucket ARN name that bucket, never a longer-named one', () => {
    for (const m of ['logs', 'arn:aws:s3:::logs', 'arn:aws:s3:::logs/']) {
      const t = target(m);
      expect(t).toMatchObject({ type: 'AWS::S3::Object', key: 'arn:aws:s3:::logs/', exact: false });
      expect(targetCovers(t, 'arn:aws:s3:::logs/2026/')).toBe(true);
      expect(targetCovers(t, 'arn:aws:s3:::logs-archive/')).toBe(false);
    }
    expect(target('pii-vault/customers/').key).toBe('arn:aws:s3:::pii-vault/customers/');
    expect(target('pii-*')).toMatchObject({ key: 'arn:aws:s3:::pii-', exact: false });
  });
  it('a complete function or table ARN is exactly that resource', () => {
    const t = target(`${FN}pii-export`);
    expect(t).toMatchObject({ type: 'AWS::Lambda::Function', exact: true });
    expect(targetCovers(t, `${FN}pii-export`)).toBe(true);
    expect(targetCovers(t, `${FN}pii-export2`)).toBe(false);
    expect(target(`${TABLE}Orders`)).toMatchObject({ type: 'AWS::DynamoDB::Table', exact: true });
    expect(targetCovers(target(`${TABLE}Orders`), `${TABLE}OrdersArchive`)).toBe(false);
  });
  it('a name stem (ending -, _, . or *) and an ARN that stops before the name are prefixes', () => {
    expect(target(`${FN}pii-`)).toMatchObject({ key: `${FN}pii-`, exact: false });
    expect(target(`${FN}pii*`)).toMatchObject({ key: `${FN}pii`, exact: false });
    expect(target(FN)).toMatchObject({ key: FN, exact: false });
    expect(target('arn:aws:lambda:us-east-1:')).toMatchObject({ exact: false });
    expect(target(`${TABLE}orders_`)).toMatchObject({ exact: false });
    expect(targetCovers(target(`${FN}pii-`), `${FN}pii-export`)).toBe(true);
    expect(targetCovers(target(`${FN}pii-`), `${FN}api`)).toBe(false);
  });
  it('an alias-qualified function keeps the whole function (records carry the unqualified ARN), a drop of it is refused', () => {
    const t = target(`${FN}pii-export:prod`);
    expect(t).toMatchObject({ key: `${FN}pii-export`, exact: true });
    expect(t.note).toMatch(/whole function pii-export/);
    const d = readRule({ match: `${FN}pii-export:prod`, decision: 'drop' });
    expect(d.ok).toBe(false);
    expect(target(`${TABLE}Orders/stream/2026-01-01T00:00:00.000`)).toMatchObject({ key: `${TABLE}Orders`, exact: true });
  });
  it('refuses what it cannot read, saying why', () => {
    for (const m of ['arn:aws:sqs:us-east-1:111111111111:q', `arn:aws:lambda:us-east-1:111111111111:function/x`, 'a*b', 'arn:aws:s3:us-east-1::b/', '']) {
      const r = readRule({ match: m, decision: 'keep' });
      expect(r.ok, m).toBe(false);
    }
    expect((readRule({ match: 'arn:aws:lambda:us-east-1:111111111111:function/x', decision: 'keep' }) as { error: string }).error).toMatch(/"function:", not "function\/"/);
  });
});

const SMALL = `
name: precedence
inventory:
  accounts: [{ id: "111111111111" }]
  buckets:
    - account: "111111111111"
      region: us-east-1
      name: lake
      events: { GetObject: 1000, PutObject: 100 }
      prefixes:
        - { prefix: scratch/, events: { GetObject: 500, PutObject: 50 } }
        - { prefix: raw/, events: { GetObject: 200, PutObject: 20 } }
    - account: "111111111111"
      region: us-east-1
      name: logs
      events: { PutObject: 10 }
    - account: "111111111111"
      region: us-east-1
      name: logs-archive
      events: { PutObject: 10 }
  functions:
    - { account: "111111111111", region: us-east-1, name: pii-export, invocations: 10 }
    - { account: "111111111111", region: us-east-1, name: pii-import, invocations: 10 }
    - { account: "111111111111", region: us-east-1, name: api, invocations: 1000 }
trails:
  - name: data
    account: "111111111111"
    homeRegion: us-east-1
    multiRegion: true
    organization: false
    s3Bucket: logs
    selectors:
      kind: advanced
      selectors:
        - FieldSelectors: [{ Field: eventCategory, Equals: [Data] }, { Field: resources.type, Equals: ["AWS::S3::Object"] }]
policy:
  default: log
  rules:
    - { match: "arn:aws:s3:::lake/scratch/", decision: drop, reason: scratch }
    - { match: "arn:aws:s3:::lake/raw/", decision: keep-writes }
    - { match: "${FN}pii-", decision: keep, reason: PII }
`;

describe('the policy model: the most specific statement wins, and says where it comes from', () => {
  const input = inputFromYaml(SMALL);
  const node = (id: string) => input.model.nodes.get(id)!;
  const answer = (pm: ReturnType<typeof policyModel>, id: string) => pm.nodeAnswer(node(id))!;

  it('rules: a prefix rule covers the functions it starts, not others', () => {
    const pm = policyModel(input.model, input.policy!);
    expect(answer(pm, `fn:${FN}pii-export`).want).toBe('keep');
    expect(answer(pm, `fn:${FN}pii-export`).statement?.label).toBe(`rule ${FN}pii-`);
    expect(answer(pm, `fn:${FN}api`).want).toBe('default-log');
    expect(answer(pm, 's3:arn:aws:s3:::lake/scratch/').statement?.reason).toBe('scratch');
  });
  it('a decision on a bucket does not beat a rule on a prefix inside it; a decision on the prefix does', () => {
    const pm = policyModel(input.model, input.policy!, new Map([['s3:arn:aws:s3:::lake/', 'keep']]));
    expect(answer(pm, 's3:arn:aws:s3:::lake/').want).toBe('keep');
    expect(answer(pm, 's3:arn:aws:s3:::lake/scratch/').want).toBe('drop');
    expect(answer(pm, 's3:arn:aws:s3:::lake/raw/').want).toBe('keep-writes');
    const pm2 = policyModel(input.model, input.policy!, new Map([['s3:arn:aws:s3:::lake/', 'keep'], ['s3:arn:aws:s3:::lake/scratch/', 'keep']]));
    expect(answer(pm2, 's3:arn:aws:s3:::lake/scratch/')).toMatchObject({ want: 'keep', statement: { source: 'decision' } });
  });
  it('an account decision is a decision on each resource under it, below every rule and the own-bucket drop', () => {
    const pm = policyModel(input.model, input.policy!, new Map([['acct:111111111111', 'drop']]));
    expect(answer(pm, `fn:${FN}api`).want).toBe('drop');
    expect(answer(pm, `fn:${FN}api`).statement?.label).toMatch(/decision on account/);
    expect(answer(pm, 's3:arn:aws:s3:::lake/raw/').want).toBe('keep-writes');
    // An account is less specific than any rule: the PII prefix rule still keeps its functions.
    expect(answer(pm, `fn:${FN}pii-export`)).toMatchObject({ want: 'keep', statement: { label: `rule ${FN}pii-` } });
    // …and the trail's own bucket stays dropped for the trail, unless a rule or a decision on the bucket keeps it.
    const keepAll = policyModel(input.model, input.policy!, new Map([['acct:111111111111', 'keep']]));
    expect(keepAll.forTrail(input.trails[0]).answer('AWS::S3::Object', 'arn:aws:s3:::logs/', false).want).toBe('drop');
    const keepBucket = policyModel(input.model, input.policy!, new Map([['s3:arn:aws:s3:::logs/', 'keep']]));
    expect(keepBucket.forTrail(input.trails[0]).answer('AWS::S3::Object', 'arn:aws:s3:::logs/', false).want).toBe('keep');
  });
  it('a scope rule (account:ID, account:ID/REGION) is the same lowest tier as an account decision', () => {
    const withScope = (rules: string) => inputFromYaml(SMALL.replace('  rules:\n', `  rules:\n${rules}`));
    const a = withScope('    - { match: "account:111111111111", decision: drop, reason: sandbox }\n');
    const pm = policyModel(a.model, a.policy!);
    const at = (id: string) => pm.nodeAnswer(a.model.nodes.get(id)!)!;
    expect(at(`fn:${FN}api`)).toMatchObject({ want: 'drop', statement: { label: 'rule account:111111111111', reason: 'sandbox', container: true } });
    // Every resource rule outranks it: the PII prefix keeps its functions, scratch/ stays dropped, raw/ keep-writes.
    expect(at(`fn:${FN}pii-export`).want).toBe('keep');
    expect(at('s3:arn:aws:s3:::lake/raw/').want).toBe('keep-writes');
    // A Region of the account is nearer than the account; a TUI decision on the account beats the rule on it.
    const r = withScope('    - { match: "account:111111111111", decision: drop }\n    - { match: "account:111111111111/us-east-1", decision: keep }\n');
    const pr = policyModel(r.model, r.policy!);
    expect(pr.nodeAnswer(r.model.nodes.get(`fn:${FN}api`)!)!.statement?.label).toBe('rule account:111111111111/us-east-1');
    const pd = policyModel(a.model, a.policy!, new Map([['acct:111111111111', 'keep']]));
    expect(pd.nodeAnswer(a.model.nodes.get(`fn:${FN}api`)!)!).toMatchObject({ want: 'keep', statement: { source: 'decision' } });
    // An account the scenario does not have: a warning, not an error (a later scan may find it).
    const none = withScope('    - { match: "account:999999999999", decision: keep }\n');
    expect(policyModel(none.model, none.policy!).findings.map((f) => f.code)).toContain('rule-names-nothing');
  });
  it('reads account:ID and account:ID/REGION, and refuses other account forms', () => {
    expect(readRule({ match: 'account:111111111111', decision: 'drop' })).toEqual({ ok: true, scope: { account: '111111111111' } });
    expect(readRule({ match: 'account:111111111111/eu-west-1', decision: 'keep' })).toEqual({ ok: true, scope: { account: '111111111111', region: 'eu-west-1' } });
    for (const m of ['account:1234', 'account:111111111111/', 'account:111111111111/nowhere', 'account:111111111111:eu-west-1']) {
      expect(readRule({ match: m, decision: 'keep' }), m).toMatchObject({ ok: false });
    }
  });
  it("a trail's own bucket is dropped for that trail only, and not its longer-named neighbour", () => {
    const pm = policyModel(input.model, input.policy!);
    const tp = pm.forTrail(input.trails[0]);
    expect(tp.answer('AWS::S3::Object', 'arn:aws:s3:::logs/', false).want).toBe('drop');
    expect(tp.answer('AWS::S3::Object', 'arn:aws:s3:::logs-archive/', false).want).toBe('default-log');
    expect(pm.answer('AWS::S3::Object', 'arn:aws:s3:::logs/', false).want).toBe('default-log');
  });
});

describe('governed trails and reach: one definition', () => {
  it('the policy names trails, or governs every trail that logs S3, Lambda or DynamoDB data events', () => {
    const input = inputFromYaml(SMALL);
    expect(governedTrails(input.policy, input.trails)).toEqual({ trails: ['data'], unknown: [] });
    expect(governedTrails({ ...input.policy!, trails: ['data', 'nope'] }, input.trails)).toEqual({ trails: ['data'], unknown: ['nope'] });
    expect(governedTrails(null, input.trails).trails).toEqual([]);
  });
  it('organization trails reach the organization accounts; single-Region trails their home Region', () => {
    const t = { account: 'A', homeRegion: 'us-east-1', multiRegion: false, organization: true };
    expect(inReach(t, 'B', 'us-east-1', new Set(['B']))).toBe(true);
    expect(inReach(t, 'B', 'us-east-1', new Set())).toBe(false);
    expect(inReach(t, 'A', 'eu-west-1', new Set())).toBe(false);
    expect(inReach(t, 'A', null, new Set())).toBe(true);
  });
});
