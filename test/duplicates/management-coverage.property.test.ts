/**
 * The management-coverage check (src/optimize/management-coverage.ts) against an independent oracle: concrete
 * management records for every account × Region a trail covers in the real world (including an account that joined
 * the organization after the snapshot and a Region the snapshot does not list), matched record by record with the
 * engine's record path (matchRecord). Whenever the check says "covered", every record the change stops logging must
 * be logged by another logging trail that reaches its account and Region. Adversarial shapes: organization vs
 * account trails, single- vs multi-Region, stopped trails, readOnly-only selectors, excluded KMS / RDS data API
 * sources, selectors on fields the engine cannot settle, trails in an account outside the organization, telemetry
 * rules, and a snapshot that does not know the organization's members.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { compile, matchRecord } from '../../src/selectors/evaluate.js';
import { toAdvanced } from '../../src/selectors/basic.js';
import type { AdvancedEventSelector, CloudTrailRecord } from '../../src/selectors/types.js';
import type { Trail } from '../../src/model/snapshot.js';
import { advancedSelectorsOf } from '../../src/model/governance.js';
import { managementCoverage, type ManagementScope } from '../../src/optimize/management-coverage.js';
import { isManagementSelector } from '../../src/optimize/scope.js';

const MEMBERS = ['111111111111', '222222222222', '333333333333'];
/** Joined the organization after the snapshot: org trails cover it, the snapshot does not list it. */
const NEW_MEMBER = '555555555555';
/** Not in the organization. */
const FOREIGN = '444444444444';
const REGIONS = ['us-east-1', 'eu-west-1'];
/** Enabled later, not in the snapshot: multi-Region trails cover it. */
const NEW_REGION = 'ap-south-2';

const SOURCES = ['kms.amazonaws.com', 'rdsdata.amazonaws.com', 'ec2.amazonaws.com', 's3.amazonaws.com', 'kms.amazonaws.com.example', 'iam.amazonaws.com'];
const NAMES = ['Decrypt', 'RunInstances', 'GetBucketPolicy', 'ExecuteStatement', 'CreateUser', 'ListKeys'];

const eq = (Field: string, ...Equals: string[]) => ({ Field, Equals });
const MGMT = eq('eventCategory', 'Management');

/** Management selectors as trails have them, and some AWS would reject (the engine must stay sound on them too). */
const managementSelector: fc.Arbitrary<AdvancedEventSelector> = fc.oneof(
  { weight: 2, arbitrary: fc.constant<AdvancedEventSelector>({ Name: 'all', FieldSelectors: [MGMT] }) },
  fc.constantFrom('true', 'false').map((v) => ({ Name: `readOnly ${v}`, FieldSelectors: [MGMT, eq('readOnly', v)] })),
  fc.subarray(['kms.amazonaws.com', 'rdsdata.amazonaws.com'], { minLength: 1 }).map((xs) => ({ Name: 'exclude', FieldSelectors: [MGMT, { Field: 'eventSource', NotEquals: xs }] })),
  fc.tuple(fc.constantFrom('true', 'false'), fc.subarray(['kms.amazonaws.com', 'rdsdata.amazonaws.com'], { minLength: 1 })).map(([v, xs]) => ({ FieldSelectors: [MGMT, eq('readOnly', v), { Field: 'eventSource', NotEquals: xs }] })),
  // Adversarial: conditions the engine cannot settle for a whole management class.
  { weight: 3, arbitrary: fc.constantFrom<AdvancedEventSelector>(
    { FieldSelectors: [MGMT, eq('eventSource', 'ec2.amazonaws.com')] },
    { FieldSelectors: [MGMT, { Field: 'eventSource', NotStartsWith: ['kms'] }] },
    { FieldSelectors: [MGMT, { Field: 'eventName', StartsWith: ['Get', 'List'] }] },
    { FieldSelectors: [MGMT, { Field: 'eventName', NotEquals: ['Decrypt'] }] },
    { FieldSelectors: [MGMT, eq('readOnly', 'true', 'false')] },
    { FieldSelectors: [MGMT, { Field: 'userIdentity.arn', NotStartsWith: ['arn:aws:sts::111111111111:'] }] },
    { FieldSelectors: [MGMT, { Field: 'resources.type', Equals: ['AWS::IAM::Role'] }] },
    { FieldSelectors: [eq('eventCategory', 'Management', 'Data'), eq('readOnly', 'false')] },
  ) },
);

const dataSelector: AdvancedEventSelector = { Name: 'S3', FieldSelectors: [eq('eventCategory', 'Data'), eq('resources.type', 'AWS::S3::Object')] };

/** A trail's selectors: advanced (0–3 management selectors, maybe data), or basic converted the console's way. */
const selectorSet = fc.oneof(
  { weight: 3, arbitrary: fc.tuple(fc.array(managementSelector, { maxLength: 3 }), fc.boolean()).map(([m, d]) => ({ kind: 'advanced' as const, selectors: [...m, ...(d ? [dataSelector] : [])] })) },
  {
    weight: 1,
    arbitrary: fc.record({
      ReadWriteType: fc.constantFrom('All', 'ReadOnly', 'WriteOnly'),
      IncludeManagementEvents: fc.boolean(),
      ExcludeManagementEventSources: fc.subarray(['kms.amazonaws.com', 'rdsdata.amazonaws.com']),
    }).map((b) => ({ kind: 'basic' as const, selectors: [b] })),
  },
);

const trailArb = (i: number): fc.Arbitrary<Trail> =>
  fc.record({
    account: fc.constantFrom(...MEMBERS, FOREIGN),
    organization: fc.boolean(),
    multiRegion: fc.boolean(),
    homeRegion: fc.constantFrom(...REGIONS),
    logging: fc.oneof({ weight: 4, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
    insights: fc.oneof({ weight: 5, arbitrary: fc.constant<Trail['insights']>([]) }, { weight: 1, arbitrary: fc.constant<Trail['insights']>(['ApiCallRateInsight']) }),
    telemetryRule: fc.oneof({ weight: 8, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
    selectors: selectorSet,
  }).map((t) => ({
    name: `t${i}`, arn: `arn:aws:cloudtrail:${t.homeRegion}:${t.account}:trail/t${i}`, account: t.account, homeRegion: t.homeRegion,
    // An organization trail in the foreign account is another organization's: it reaches none of ours.
    multiRegion: t.multiRegion, organization: t.organization, logging: t.logging, s3Bucket: `logs-${i}`,
    insights: t.insights, telemetryRule: t.telemetryRule, selectors: t.selectors as Trail['selectors'],
  }));

const world = fc.record({
  trails: fc.integer({ min: 2, max: 3 }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => trailArb(i)))),
  knowsOrganization: fc.boolean(),
  /** The change: drop every management selector, or keep only some of them. */
  keep: fc.array(fc.boolean(), { maxLength: 3 }),
});

/** Who reaches (account, Region) in the real world. */
function reachesReally(t: Trail, account: string, region: string): boolean {
  const member = MEMBERS.includes(account) || account === NEW_MEMBER;
  const accountOk = account === t.account || (t.organization && member && MEMBERS.includes(t.account));
  return accountOk && (t.multiRegion || region === t.homeRegion);
}

function records(account: string, region: string): CloudTrailRecord[] {
  const out: CloudTrailRecord[] = [];
  for (const readOnly of [true, false]) {
    for (const eventSource of SOURCES) {
      for (const eventName of NAMES) {
        // A caller of the account itself and one of the management account.
        for (const caller of new Set([account, MEMBERS[0]])) {
          // Management records may name resources (an IAM role) or none.
          for (const resources of [undefined, [{ type: 'AWS::IAM::Role', ARN: `arn:aws:iam::${account}:role/r` }]]) {
            out.push({
              eventVersion: '1.09', eventCategory: 'Management', eventType: 'AwsApiCall', managementEvent: true, readOnly, eventSource, eventName,
              awsRegion: region, recipientAccountId: account, userIdentity: { arn: `arn:aws:sts::${caller}:assumed-role/r/s` }, ...(resources ? { resources } : {}),
            } as CloudTrailRecord);
          }
        }
      }
    }
  }
  return out;
}

/** The first record the change stops logging that no other logging trail logs, or null. */
function oracleGap(trails: readonly Trail[], self: Trail, proposed: readonly AdvancedEventSelector[]): string | null {
  const now = compile(advancedSelectorsOf(self));
  const next = compile(proposed);
  const others = trails.filter((t) => t !== self && t.logging && !t.telemetryRule).map((t) => ({ t, set: compile(advancedSelectorsOf(t)) }));
  for (const account of [...MEMBERS, NEW_MEMBER, FOREIGN]) {
    for (const region of [...REGIONS, NEW_REGION]) {
      if (!reachesReally(self, account, region)) continue;
      for (const r of records(account, region)) {
        if (!matchRecord(now, r).logged || matchRecord(next, r).logged) continue;
        if (!others.some((o) => reachesReally(o.t, account, region) && matchRecord(o.set, r).logged)) return `${account}/${region} ${r.eventSource} ${r.eventName} readOnly=${r.readOnly}`;
      }
    }
  }
  return null;
}

function scopeOf(knowsOrganization: boolean): ManagementScope {
  return { accounts: [...MEMBERS, FOREIGN], regions: REGIONS, orgAccounts: new Set(knowsOrganization ? MEMBERS : []) };
}

function proposedOf(t: Trail, keep: readonly boolean[]): AdvancedEventSelector[] {
  let i = 0;
  return advancedSelectorsOf(t).filter((s) => !isManagementSelector(s) || keep[i++] === true);
}

describe('management coverage: never "covered" when some account × Region × event is not logged by another logging trail', () => {
  it('holds against concrete records, on generated organizations', () => {
    let covered = 0;
    let runs = 0;
    fc.assert(
      fc.property(world, ({ trails, knowsOrganization, keep }) => {
        const self = trails[0];
        const proposed = proposedOf(self, keep);
        const c = managementCoverage({ trails, trail: self.name, proposed, scope: scopeOf(knowsOrganization) });
        runs++;
        if (!c.covered) return;
        covered++;
        expect(oracleGap(trails, self, proposed)).toBeNull();
        expect(c.blockers).toEqual([]);
      }),
      { numRuns: 1500, seed: 20261204 },
    );
    // Not vacuous: a fair share of the generated changes are provably covered.
    expect(covered / runs).toBeGreaterThan(0.1);
  });

  it('holds when the other trail reaches everything and only its selectors decide (engine semantics under test)', () => {
    let covered = 0;
    fc.assert(
      fc.property(trailArb(0), trailArb(1), fc.array(fc.boolean(), { maxLength: 3 }), (self, other, keep) => {
        const wide: Trail = { ...other, account: MEMBERS[0], organization: true, multiRegion: true, logging: true, telemetryRule: false };
        const mine: Trail = { ...self, insights: [], telemetryRule: false };
        const trails = [wide, mine];
        const proposed = proposedOf(mine, keep);
        const c = managementCoverage({ trails, trail: mine.name, proposed, scope: scopeOf(true) });
        if (!c.covered) return;
        covered++;
        expect(oracleGap(trails, mine, proposed)).toBeNull();
      }),
      { numRuns: 1500, seed: 42 },
    );
    expect(covered).toBeGreaterThan(100);
  });

  it('does not miss coverage the oracle sees, in the plain cases (same selector, reach that includes the trail\'s)', () => {
    fc.assert(
      fc.property(world, ({ trails, knowsOrganization }) => {
        const [self, other] = trails;
        // The other trail: logging, the whole organization, every Region, every management event.
        const wide: Trail = { ...other, account: MEMBERS[0], organization: true, multiRegion: true, logging: true, telemetryRule: false, selectors: { kind: 'advanced', selectors: [{ FieldSelectors: [MGMT] }] } };
        const mine: Trail = { ...self, account: MEMBERS[1], insights: [], telemetryRule: false };
        const c = managementCoverage({ trails: [wide, mine], trail: mine.name, proposed: [], scope: scopeOf(true) });
        expect(c.covered).toBe(true);
        expect(c.freeCopy).toBe(false);
        void knowsOrganization;
      }),
      { numRuns: 50, seed: 7 },
    );
  });
});

/** Two-trail cases named in the issue, each with the oracle's verdict alongside. */
describe('management coverage: adversarial shapes', () => {
  const scope = scopeOf(true);
  const trail = (over: Partial<Trail> & { name: string }): Trail => ({
    arn: `arn:aws:cloudtrail:us-east-1:${over.account ?? MEMBERS[0]}:trail/${over.name}`, account: MEMBERS[0], homeRegion: 'us-east-1', multiRegion: true,
    organization: false, logging: true, s3Bucket: 'b', insights: [], selectors: { kind: 'advanced', selectors: [{ Name: 'Management events', FieldSelectors: [MGMT] }] }, ...over,
  });
  const adv = (...selectors: AdvancedEventSelector[]): Trail['selectors'] => ({ kind: 'advanced', selectors: selectors as never });
  const check = (trails: Trail[], name = trails[trails.length - 1].name, knows = true) => {
    const self = trails.find((t) => t.name === name)!;
    const proposed = advancedSelectorsOf(self).filter((s) => !isManagementSelector(s));
    const c = managementCoverage({ trails, trail: name, proposed, scope: scopeOf(knows) });
    return { c, gap: oracleGap(trails, self, proposed) };
  };

  it('an organization trail covers a member-account trail; an account trail does not cover an organization trail', () => {
    const org = trail({ name: 'org', organization: true });
    const acct = trail({ name: 'acct', account: MEMBERS[2] });
    const a = check([org, acct], 'acct');
    expect(a.c.covered).toBe(true);
    expect(a.c.coveredBy).toEqual(['org']);
    expect(a.gap).toBeNull();
    const b = check([acct, org], 'org');
    expect(b.c.covered).toBe(false);
    expect(b.gap).not.toBeNull();
    // Every member account in the snapshot and the one that joins later are gaps, not only the ones listed.
    expect(b.c.gaps.some((g) => g.account === MEMBERS[0])).toBe(true);
  });

  it('a single-Region trail does not cover a multi-Region one (not even when the snapshot lists one Region)', () => {
    const single = trail({ name: 'single', organization: true, multiRegion: false });
    const multi = trail({ name: 'multi', account: MEMBERS[1] });
    const c = managementCoverage({ trails: [single, multi], trail: 'multi', proposed: [], scope: { ...scope, regions: ['us-east-1'] } });
    expect(c.covered).toBe(false);
    expect(c.gaps.map((g) => g.region)).toContain('(another Region)');
    // The other way round it is covered: the single-Region trail covers only us-east-1, where the multi-Region one logs.
    expect(check([multi, trail({ name: 'single2', account: MEMBERS[1], multiRegion: false })], 'single2').c.covered).toBe(true);
  });

  it('a stopped trail covers nothing', () => {
    const r = check([trail({ name: 'org', organization: true, logging: false }), trail({ name: 'acct', account: MEMBERS[2] })], 'acct');
    expect(r.c.covered).toBe(false);
    expect(r.gap).not.toBeNull();
  });

  it('readOnly-only selectors: reads cover reads only; reads + writes in two selectors cover everything', () => {
    const reads = trail({ name: 'reads', organization: true, selectors: adv({ FieldSelectors: [MGMT, eq('readOnly', 'true')] }) });
    const r1 = check([reads, trail({ name: 'acct', account: MEMBERS[2] })], 'acct');
    expect(r1.c.covered).toBe(false);
    expect(r1.c.gaps.every((g) => !g.readOnly)).toBe(true);
    const both = trail({ name: 'both', organization: true, selectors: adv({ FieldSelectors: [MGMT, eq('readOnly', 'true')] }, { FieldSelectors: [MGMT, eq('readOnly', 'false')] }) });
    expect(check([both, trail({ name: 'acct', account: MEMBERS[2] })], 'acct').c.covered).toBe(true);
    // A write-only trail dropping its selector is covered by a reads-only other? No: by one that logs writes.
    const writer = trail({ name: 'w', account: MEMBERS[2], selectors: adv({ FieldSelectors: [MGMT, eq('readOnly', 'false')] }) });
    expect(check([reads, writer], 'w').c.covered).toBe(false);
    expect(check([both, writer], 'w').c.covered).toBe(true);
  });

  it('excluded KMS / RDS data API events: an org trail that excludes them does not cover a trail that logs them', () => {
    const noKms = trail({ name: 'org', organization: true, selectors: { kind: 'basic', selectors: [{ ReadWriteType: 'All', IncludeManagementEvents: true, ExcludeManagementEventSources: ['kms.amazonaws.com'] }] } });
    const r = check([noKms, trail({ name: 'acct', account: MEMBERS[2] })], 'acct');
    expect(r.c.covered).toBe(false);
    expect(r.c.gaps.every((g) => g.eventSource === 'kms.amazonaws.com')).toBe(true);
    expect(r.gap).toMatch(/kms\.amazonaws\.com /);
    // A trail that excludes KMS itself is covered by one that excludes it too.
    const acctNoKms = trail({ name: 'acct', account: MEMBERS[2], selectors: adv({ FieldSelectors: [MGMT, { Field: 'eventSource', NotEquals: ['kms.amazonaws.com'] }] }) });
    expect(check([noKms, acctNoKms], 'acct').c.covered).toBe(true);
    expect(toAdvanced(noKms.selectors.selectors as never).length).toBe(1);
  });

  it('a trail in an account outside the organization is covered by no organization trail', () => {
    const r = check([trail({ name: 'org', organization: true }), trail({ name: 'foreign', account: FOREIGN })], 'foreign');
    expect(r.c.covered).toBe(false);
    expect(r.gap).not.toBeNull();
  });

  it('a snapshot without the organization: only an organization trail of the same account covers an organization trail', () => {
    const a = trail({ name: 'a', organization: true });
    const b = trail({ name: 'b', organization: true, account: MEMBERS[1] });
    expect(check([b, a], 'a', false).c.covered).toBe(false);
    expect(check([trail({ name: 'b2', organization: true }), a], 'a', false).c.covered).toBe(true);
  });

  it('Insights on the trail\'s management events block the change; a CloudWatch Logs group is a warning; the free copy is said', () => {
    const org = trail({ name: 'org', organization: true });
    const r = check([org, trail({ name: 'acct', account: MEMBERS[2], insights: ['ApiCallRateInsight'] })], 'acct');
    expect(r.c.covered).toBe(false);
    expect(r.c.blockers.join()).toMatch(/Insights/);
    const cwl = check([org, trail({ name: 'acct', account: MEMBERS[2], cloudWatchLogsGroup: '/aws/ct' })], 'acct');
    expect(cwl.c.covered).toBe(true);
    expect(cwl.c.warnings.join()).toMatch(/CloudWatch Logs group \/aws\/ct/);
    // The organization trail takes the free copy: the member trail covers its own account only, so not covered;
    expect(check([org, trail({ name: 'acct', account: MEMBERS[2] })], 'org').c.covered).toBe(false);
    // two organization trails: the first listed takes the free copy.
    const second = trail({ name: 'second', organization: true, account: MEMBERS[1] });
    expect(check([org, second], 'org').c.freeCopy).toBe(true);
    expect(check([org, second], 'second').c.freeCopy).toBe(false);
  });

  it('a condition the engine cannot settle for a whole class (event name, caller, one event source) never covers', () => {
    for (const sel of [
      { FieldSelectors: [MGMT, { Field: 'eventName', StartsWith: ['Get', 'List'] }] },
      { FieldSelectors: [MGMT, { Field: 'userIdentity.arn', NotStartsWith: ['arn:aws:sts::111111111111:'] }] },
      { FieldSelectors: [MGMT, eq('eventSource', 'ec2.amazonaws.com')] },
      { FieldSelectors: [MGMT, { Field: 'eventSource', NotStartsWith: ['kms'] }] },
    ]) {
      const r = check([trail({ name: 'org', organization: true, selectors: adv(sel) }), trail({ name: 'acct', account: MEMBERS[2] })], 'acct');
      expect(r.c.covered, JSON.stringify(sel)).toBe(false);
      expect(r.gap).not.toBeNull();
    }
  });

  it('a telemetry rule neither covers nor is covered as a trail', () => {
    const rule = trail({ name: 'rule', organization: true, telemetryRule: true });
    expect(check([rule, trail({ name: 'acct', account: MEMBERS[2] })], 'acct').c.covered).toBe(false);
  });
});
