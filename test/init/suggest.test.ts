/** `trailcost init`'s suggestion logic: whole-word matching, the tag table, keep over drop, rules that name exactly one resource. */
import { describe, expect, it } from 'vitest';
import { nameTokens, noiseByName, sensitiveNameWords, sensitiveTagWord, suggestPolicy, type Suggestion } from '../../src/scenario/init/suggest.js';
import { readRule, targetCovers } from '../../src/model/policy.js';
import type { Snapshot, Trail } from '../../src/model/snapshot.js';

const A = '111111111111';
const R = 'us-east-1';
type Inv = Pick<Snapshot, 'buckets' | 'functions' | 'tables' | 'trails'>;

function bucket(name: string, tags?: Array<[string, string]>): Snapshot['buckets'][number] {
  return { account: A, region: R, name, metricsConfigurations: [], ...(tags ? { tags: tags.map(([key, value]) => ({ key, value })) } : {}) };
}
function trail(name: string, s3Bucket: string): Trail {
  return {
    name, arn: `arn:aws:cloudtrail:${R}:${A}:trail/${name}`, account: A, homeRegion: R, multiRegion: true, organization: false,
    logging: true, s3Bucket, insights: [], selectors: { kind: 'advanced', selectors: [] },
  };
}
const fn = (name: string) => ({ account: A, region: R, name, arn: `arn:aws:lambda:${R}:${A}:function:${name}` });
const table = (name: string) => ({ account: A, region: R, name, arn: `arn:aws:dynamodb:${R}:${A}:table/${name}` });
const inv = (p: Partial<Inv>): Inv => ({ buckets: [], functions: [], tables: [], trails: [], ...p });
const byName = (ss: Suggestion[], name: string) => ss.find((s) => s.name === name);

describe('name words', () => {
  it('splits at separators and camelCase humps, lower-cased', () => {
    expect(nameTokens('acme-PII_vault.eu/x')).toEqual(['acme', 'pii', 'vault', 'eu', 'x']);
    expect(nameTokens('PaymentProcessorHRPortal')).toEqual(['payment', 'processor', 'hr', 'portal']);
    expect(nameTokens('customerID')).toEqual(['customer', 'id']);
  });

  it('matches whole words only: happiness, chroma, spiital, vaulted are not sensitive', () => {
    for (const n of ['happiness', 'acme-happiness-data', 'chroma-assets', 'spiital', 'vaulted', 'secretary-notes', 'phishing-lab', 'thr-bucket']) {
      expect(sensitiveNameWords(n), n).toBeNull();
    }
    expect(sensitiveNameWords('acme-pii-vault')).toEqual(['pii', 'vault']);
    expect(sensitiveNameWords('hr-portal')).toEqual(['hr']);
    expect(sensitiveNameWords('customers01')).toEqual(['customers']);
    expect(sensitiveNameWords('ops-terraform-state')).toEqual(['state', 'terraform']);
    // A pattern of two words needs both.
    expect(sensitiveNameWords('terraform-modules')).toBeNull();
  });
});

describe('classification tags', () => {
  it('reads the documented keys in any spelling, and sensitive words in the value', () => {
    expect(sensitiveTagWord('DataClassification', 'PII')).toBe('pii');
    expect(sensitiveTagWord('data-classification', 'Highly-Confidential')).toBe('confidential');
    expect(sensitiveTagWord('data_classification', 'restricted - EU')).toBe('restricted');
    expect(sensitiveTagWord('Sensitivity', 'Top Secret')).toBe('secret');
    expect(sensitiveTagWord('confidentiality', 'PHI,PCI')).toBe('phi');
    expect(sensitiveTagWord('pii', 'true')).toBe('pii');
    expect(sensitiveTagWord('ContainsPII', 'Yes')).toBe('containspii');
  });

  it('does not read public values, negations, other keys or a flag set to no', () => {
    expect(sensitiveTagWord('DataClassification', 'public')).toBeNull();
    expect(sensitiveTagWord('DataClassification', 'internal')).toBeNull();
    expect(sensitiveTagWord('classification', 'non-confidential')).toBeNull();
    expect(sensitiveTagWord('classification', 'not sensitive')).toBeNull();
    expect(sensitiveTagWord('classification', 'unrestricted')).toBeNull();
    expect(sensitiveTagWord('team', 'pii')).toBeNull();
    expect(sensitiveTagWord('project', 'secret-sauce')).toBeNull();
    expect(sensitiveTagWord('pii', 'false')).toBeNull();
    // "happiness" holds "pii" only as a substring.
    expect(sensitiveTagWord('classification', 'happiness')).toBeNull();
  });
});

describe('noise by name', () => {
  it('AWS naming rules and defaults, then name guesses', () => {
    expect(noiseByName('aws-waf-logs-acme')).toMatchObject({ category: 'waf-logs', basis: 'aws-name' });
    expect(noiseByName('aws-athena-query-results-111111111111-us-east-1')).toMatchObject({ category: 'athena-results', basis: 'aws-name' });
    expect(noiseByName('config-bucket-111111111111')).toMatchObject({ category: 'config-default', basis: 'aws-name' });
    expect(noiseByName('acme-elb-access-logs')).toMatchObject({ category: 'elb-logs', basis: 'name', words: ['elb', 'log'.concat('s')] });
    expect(noiseByName('acme-cdn-logs')).toMatchObject({ category: 'cloudfront-logs', basis: 'name' });
    expect(noiseByName('startup-access-logs')).toMatchObject({ category: 's3-access-logs' });
    expect(noiseByName('acme-vpc-flow-logs')).toMatchObject({ category: 'vpc-flow-logs' });
  });

  it('"logs" alone is no category: logs-archive, blogs, catalog stay undecided', () => {
    for (const n of ['logs', 'logs-archive', 'acme-blogs', 'catalog-elb', 'athenaeum-results', 'flowers-logsheet']) expect(noiseByName(n), n).toBeNull();
  });
});

describe('suggestPolicy', () => {
  it('a trail\'s destination bucket is a drop by construction; "logs" does not reach "logs-archive"', () => {
    const ss = suggestPolicy(inv({ buckets: [bucket('logs'), bucket('logs-archive')], trails: [trail('main', 'logs'), trail('second', 'logs')] }));
    expect(ss.map((s) => s.name)).toEqual(['logs']);
    const s = ss[0];
    expect(s).toMatchObject({ decision: 'drop', match: 'logs', inInventory: true });
    expect(s.drop).toEqual([expect.objectContaining({ category: 'trail-destination', basis: 'construction', trails: ['main', 'second'] })]);
    const r = readRule({ match: s.match!, decision: 'drop' });
    expect(r.ok && r.target && targetCovers(r.target, 'arn:aws:s3:::logs/x')).toBe(true);
    expect(r.ok && r.target && targetCovers(r.target, 'arn:aws:s3:::logs-archive/x')).toBe(false);
  });

  it('keep wins over drop, and the overruled drop stays on the suggestion', () => {
    const ss = suggestPolicy(inv({
      buckets: [bucket('audit-trail-bucket', [['DataClassification', 'Restricted']]), bucket('pii-elb-logs')],
      trails: [trail('org', 'audit-trail-bucket')],
    }));
    expect(byName(ss, 'audit-trail-bucket')).toMatchObject({ decision: 'keep', reason: 'sensitive data (by tag)' });
    expect(byName(ss, 'audit-trail-bucket')!.drop[0]).toMatchObject({ category: 'trail-destination' });
    expect(byName(ss, 'pii-elb-logs')).toMatchObject({ decision: 'keep', reason: 'sensitive data (by name)' });
    expect(byName(ss, 'pii-elb-logs')!.drop[0]).toMatchObject({ category: 'elb-logs' });
    expect(ss.every((s) => s.decision === 'keep')).toBe(true);
  });

  it('a trail bucket the inventory does not list is still suggested, marked as such', () => {
    const ss = suggestPolicy(inv({ trails: [trail('t', 'central-logging-999')] }));
    expect(ss).toEqual([expect.objectContaining({ name: 'central-logging-999', decision: 'drop', inInventory: false, match: 'central-logging-999' })]);
  });

  it('functions and tables are kept by name, by their exact ARN; never dropped', () => {
    const ss = suggestPolicy(inv({ functions: [fn('pii-export'), fn('cdn-log-processor'), fn('happiness-api')], tables: [table('PaymentsLedger'), table('sessions')] }));
    expect(ss.map((s) => [s.kind, s.match, s.decision])).toEqual([
      ['function', 'arn:aws:lambda:us-east-1:111111111111:function:pii-export', 'keep'],
      ['table', 'arn:aws:dynamodb:us-east-1:111111111111:table/PaymentsLedger', 'keep'],
    ]);
    for (const s of ss) {
      const r = readRule({ match: s.match!, decision: 'keep' });
      expect(r.ok && r.target?.exact).toBe(true);
    }
  });

  it('a name no rule can name exactly gets no rule (no bucket/prefix, no wildcard, no white space)', () => {
    const names = ['pii/vault', 'pii vault', 'pii-*', 'pii:x', 'pii-\u001b[2J', 'pii\u202evault', 'ＰＩＩ-data'];
    const ss = suggestPolicy(inv({ buckets: names.map((n) => bucket(n)) }));
    expect(ss.map((s) => s.name).sort()).toEqual([...names].sort());
    expect(ss.every((s) => s.match === null && s.unwritable)).toBe(true);
    // A function ARN that does not read as a function.
    const f = suggestPolicy(inv({ functions: [{ ...fn('pii-x'), arn: 'arn:aws:lambda:us-east-1:111111111111:function:pii-x:prod' }] }));
    expect(f[0]).toMatchObject({ match: null });
  });

  it('orders keeps before drops, then buckets, functions, tables, by match', () => {
    const ss = suggestPolicy(inv({
      buckets: [bucket('z-secret'), bucket('a-cdn-logs'), bucket('b-customer')], functions: [fn('kyc-check')], tables: [table('hr')],
      trails: [trail('t', 'm-trail')],
    }));
    expect(ss.map((s) => `${s.decision} ${s.kind} ${s.name}`)).toEqual([
      'keep bucket b-customer', 'keep bucket z-secret', 'keep function kyc-check', 'keep table hr', 'drop bucket a-cdn-logs', 'drop bucket m-trail',
    ]);
  });
});
