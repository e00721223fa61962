import { describe, expect, it } from 'vitest';
import { lintSelectors, LINT_RULES, type LintOptions } from '../../src/selectors/lint.js';
import type { AdvancedEventSelector, AdvancedFieldSelector } from '../../src/selectors/types.js';

const MGMT: AdvancedEventSelector = { Name: 'Management events', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }] };
const s3 = (arn: Omit<AdvancedFieldSelector, 'Field'>, ...more: AdvancedFieldSelector[]): AdvancedEventSelector => ({
  Name: 'S3',
  FieldSelectors: [
    { Field: 'eventCategory', Equals: ['Data'] },
    { Field: 'resources.type', Equals: ['AWS::S3::Object'] },
    { ...arn, Field: 'resources.ARN' },
    ...more,
  ],
});
const lambda = (arn: Omit<AdvancedFieldSelector, 'Field'>): AdvancedEventSelector => ({
  Name: 'Lambda',
  FieldSelectors: [
    { Field: 'eventCategory', Equals: ['Data'] },
    { Field: 'resources.type', Equals: ['AWS::Lambda::Function'] },
    { ...arn, Field: 'resources.ARN' },
  ],
});
const dynamo = (arn: Omit<AdvancedFieldSelector, 'Field'>): AdvancedEventSelector => ({
  Name: 'DynamoDB',
  FieldSelectors: [
    { Field: 'eventCategory', Equals: ['Data'] },
    { Field: 'resources.type', Equals: ['AWS::DynamoDB::Table'] },
    { ...arn, Field: 'resources.ARN' },
  ],
});
const ofType = (type: string): AdvancedEventSelector => ({ FieldSelectors: [{ Field: 'eventCategory', Equals: ['Data'] }, { Field: 'resources.type', Equals: [type] }] });
const named = (Name: string, sel: AdvancedEventSelector): AdvancedEventSelector => ({ ...sel, Name });
const FN = 'arn:aws:lambda:us-east-1:111122223333:function';
const good = [MGMT, s3({ StartsWith: ['arn:aws:s3:::lake/'] })];
const manyValues = (n: number) => [MGMT, s3({ StartsWith: Array.from({ length: n }, (_, i) => `arn:aws:s3:::b${i}/`) })];
const network = (fs: AdvancedFieldSelector[]): AdvancedEventSelector[] => [MGMT, { FieldSelectors: [{ Field: 'eventCategory', Equals: ['NetworkActivity'] }, ...fs] }];
const basic = (sel: object) => ({ EventSelectors: [sel] });

interface Case {
  rule: string;
  bad: unknown;
  ok: unknown;
  opts?: LintOptions;
  /** Options for `ok` when they differ from `opts` (the same input, valid elsewhere). */
  okOpts?: LintOptions;
  path?: string;
}

// One input that triggers each rule and one close to it that does not.
const cases: Case[] = [
  { rule: 'TC-SEL-001', bad: [MGMT, { FieldSelectors: [{ Field: 'eventCategory', Equal: ['Data'] }] }], ok: good, path: '$[1].FieldSelectors[0].Equal' },
  { rule: 'TC-SEL-002', bad: { AdvancedEventSelectors: good, EventSelectors: [{ ReadWriteType: 'All' }] }, ok: { AdvancedEventSelectors: good, EventSelectors: [] }, path: '$.EventSelectors' },
  { rule: 'TC-SEL-003', bad: manyValues(498), ok: manyValues(497), path: '$' },
  { rule: 'TC-SEL-004', bad: Array(6).fill(MGMT), ok: Array(5).fill(MGMT), opts: { target: 'eventDataStore' } },
  { rule: 'TC-SEL-005', bad: [MGMT, s3({ StartsWith: ['arn:aws:s3:::lake/'], NotStartsWith: [] })], ok: good, path: '$[1].FieldSelectors[2].NotStartsWith' },
  { rule: 'TC-SEL-006', bad: [MGMT, s3({ StartsWith: ['arn:aws:s3:::lake/'] }, { Field: 'readOnly' })], ok: good, path: '$[1].FieldSelectors[3]' },
  { rule: 'TC-SEL-007', bad: [MGMT, { Name: 'empty', FieldSelectors: [] }], ok: good, path: '$[1].FieldSelectors' },
  { rule: 'TC-SEL-008', bad: [MGMT, s3({ StartsWith: ['x'.repeat(2049)] })], ok: [MGMT, s3({ StartsWith: ['arn:aws:s3:::' + 'x'.repeat(2030)] })], path: '$[1].FieldSelectors[2].StartsWith[0]' },
  { rule: 'TC-SEL-009', bad: [MGMT, s3({ StartsWith: ['arn:aws:s3:::lake/'] }, { Field: 'resources.Tag', Equals: ['x'] })], ok: good, path: '$[1].FieldSelectors[3].Field' },
  { rule: 'TC-SEL-010', bad: [{ ...MGMT, Name: 'n'.repeat(1001) }], ok: [{ ...MGMT, Name: 'n'.repeat(1000) }], path: '$[0].Name' },
  { rule: 'TC-SEL-011', bad: [MGMT, { FieldSelectors: [{ Field: 'resources.type', Equals: ['AWS::S3::Object'] }] }], ok: good, path: '$[1]' },
  { rule: 'TC-SEL-012', bad: [{ FieldSelectors: [{ Field: 'eventCategory', Equals: ['Insight'] }] }], ok: [{ FieldSelectors: [{ Field: 'eventCategory', Equals: ['Insight'] }] }], okOpts: { target: 'eventDataStore' }, path: '$[0].FieldSelectors[0].Equals[0]' },
  { rule: 'TC-SEL-013', bad: [MGMT, s3({ StartsWith: ['arn:aws:s3:::lake/'] }, { Field: 'readOnly', NotEquals: ['true'] })], ok: [MGMT, s3({ StartsWith: ['arn:aws:s3:::lake/'] }, { Field: 'readOnly', Equals: ['false'] })], path: '$[1].FieldSelectors[3].NotEquals' },
  { rule: 'TC-SEL-014', bad: [{ FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }, { Field: 'eventName', Equals: ['CreateUser'] }] }], ok: [{ FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }, { Field: 'eventSource', NotEquals: ['kms.amazonaws.com'] }] }], path: '$[0].FieldSelectors[1].Field' },
  { rule: 'TC-SEL-015', bad: [MGMT, { FieldSelectors: [{ Field: 'eventCategory', Equals: ['Data'] }, { Field: 'resources.type', Equals: ['AWS::S3::Object', 'AWS::Lambda::Function'] }] }], ok: good, path: '$[1].FieldSelectors[1]' },
  { rule: 'TC-SEL-016', bad: network([{ Field: 'eventSource', Equals: ['s3.amazonaws.com', 'kms.amazonaws.com'] }]), ok: network([{ Field: 'eventSource', Equals: ['s3.amazonaws.com'] }]), path: '$[1].FieldSelectors[1]' },
  { rule: 'TC-SEL-017', bad: [MGMT, s3({ StartsWith: ['arn:aws:s3:::lake/'] }, { Field: 'readOnly', Equals: ['True'] })], ok: [MGMT, s3({ StartsWith: ['arn:aws:s3:::lake/'] }, { Field: 'readOnly', Equals: ['true'] })], path: '$[1].FieldSelectors[3].Equals[0]' },
  { rule: 'TC-SEL-018', bad: [MGMT, s3({ StartsWith: ['arn:aws:s3:::lake/'] }, { Field: 'resources.type', Equals: ['AWS::S3::Object'] })], ok: good, path: '$[1].FieldSelectors[3]' },
  { rule: 'TC-SEL-019', bad: [MGMT, ofType('aws::lambda::function')], ok: [MGMT, ofType('AWS::Lambda::Function')], path: '$[1].FieldSelectors[1].Equals[0]' },
  { rule: 'TC-SEL-020', bad: { EventSelectors: Array(6).fill({ ReadWriteType: 'All' }) }, ok: { EventSelectors: Array(5).fill({ ReadWriteType: 'All' }) } },
  { rule: 'TC-SEL-021', bad: basic({ DataResources: [{ Type: 'AWS::S3::Object', Values: Array.from({ length: 251 }, (_, i) => `arn:aws:s3:::b${i}/`) }] }), ok: basic({ DataResources: [{ Type: 'AWS::S3::Object', Values: Array.from({ length: 250 }, (_, i) => `arn:aws:s3:::b${i}/`) }] }) },
  { rule: 'TC-SEL-022', bad: basic({ DataResources: [{ Type: 'AWS::S3Express::Object', Values: ['arn:aws:s3express'] }] }), ok: basic({ DataResources: [{ Type: 'AWS::S3::Object', Values: ['arn:aws:s3'] }] }), path: '$.EventSelectors[0].DataResources[0].Type' },
  { rule: 'TC-SEL-023', bad: basic({ DataResources: [{ Type: 'AWS::S3::Object', Values: ['arn:aws:s3:::lake'] }] }), ok: basic({ DataResources: [{ Type: 'AWS::S3::Object', Values: ['arn:aws:s3:::lake/'] }] }), path: '$.EventSelectors[0].DataResources[0].Values[0]' },
  { rule: 'TC-SEL-024', bad: basic({ DataResources: [{ Type: 'AWS::S3::Object', Values: ['arn:aws:s3:::lake/', 'arn:aws:s3:::lake/*'] }] }), ok: basic({ DataResources: [{ Type: 'AWS::S3::Object', Values: ['arn:aws:s3:::lake/'] }] }), path: '$.EventSelectors[0].DataResources[0].Values[1]' },
  { rule: 'TC-SEL-025', bad: basic({ ExcludeManagementEventSources: ['kms.amazonaws.com', 's3.amazonaws.com'] }), ok: basic({ ExcludeManagementEventSources: ['kms.amazonaws.com', 'rdsdata.amazonaws.com'] }), path: '$.EventSelectors[0].ExcludeManagementEventSources[1]' },
  { rule: 'TC-SEL-101', bad: [MGMT, s3({ StartsWith: ['arn:aws:s3:::lake'] })], ok: good, path: '$[1].FieldSelectors[2].StartsWith[0]' },
  { rule: 'TC-SEL-102', bad: [MGMT, s3({ StartsWith: ['arn:aws:s3:::lake/'], NotEquals: ['arn:aws:s3:::lake/tmp/'] })], ok: [MGMT, s3({ StartsWith: ['arn:aws:s3:::lake/'], NotEquals: ['arn:aws:s3:::lake/tmp/file.csv'] })], path: '$[1].FieldSelectors[2].NotEquals[0]' },
  { rule: 'TC-SEL-103', bad: [MGMT, s3({ StartsWith: ['arn:aws:s3:::lake/*'] })], ok: good, path: '$[1].FieldSelectors[2].StartsWith[0]' },
  { rule: 'TC-SEL-104', bad: [MGMT, lambda({ StartsWith: ['arn:aws:lambda:us-east-1:111122223333:function:api'] })], ok: [MGMT, lambda({ Equals: ['arn:aws:lambda:us-east-1:111122223333:function:api'] })], path: '$[1].FieldSelectors[2].StartsWith[0]' },
  { rule: 'TC-SEL-105', bad: [MGMT, s3({ StartsWith: ['arn:aws:s3:::lake/', 'arn:aws:s3:::logs/'], NotStartsWith: ['arn:aws:s3:::logs/'] })], ok: [MGMT, s3({ StartsWith: ['arn:aws:s3:::lake/'], NotStartsWith: ['arn:aws:s3:::lake/tmp/'] })], path: '$[1].FieldSelectors[2].NotStartsWith[0]' },
  { rule: 'TC-SEL-106', bad: [MGMT, s3({ StartsWith: ['arn:aws:lambda:us-east-1:1:function:f'] })], ok: good, path: '$[1].FieldSelectors[2]' },
  { rule: 'TC-SEL-107', bad: [MGMT, s3({ StartsWith: ['arn:aws:s3:::lake/raw/'] }), s3({ StartsWith: ['arn:aws:s3:::lake/'] })], ok: [MGMT, s3({ StartsWith: ['arn:aws:s3:::lake/raw/'] }), s3({ StartsWith: ['arn:aws:s3:::logs/'] })], path: '$[1]' },
  { rule: 'TC-SEL-108', bad: network([{ Field: 'eventSource', Equals: ['s3.amazonaws.com'] }, { Field: 'errorCode', Equals: ['VpceAccessDenied'] }]), ok: network([{ Field: 'eventSource', Equals: ['s3.amazonaws.com'] }]), opts: { terraform: true }, path: '$[1].FieldSelectors[2].Field' },
  { rule: 'TC-SEL-109', bad: [MGMT, s3({ StartsWith: ['arn:aws:s3:::'] })], ok: [MGMT, s3({ StartsWith: ['arn:aws:s3:::'], NotStartsWith: ['arn:aws:s3:::trail-logs/'] })], opts: { trailBucket: 'trail-logs' }, path: '$[1]' },
  { rule: 'TC-SEL-110', bad: [{ ...MGMT, Name: '' }], ok: [MGMT], path: '$[0].Name' },
  { rule: 'TC-SEL-111', bad: [s3({ StartsWith: ['arn:aws:s3:::lake/'] })], ok: good, path: '$' },
  { rule: 'TC-SEL-112', bad: [MGMT, lambda({ Equals: [`${FN}/MyLambdaFunction`] })], ok: [MGMT, lambda({ Equals: [`${FN}:MyLambdaFunction`] })], path: '$[1].FieldSelectors[2].Equals[0]' },
  { rule: 'TC-SEL-113', bad: [MGMT, lambda({ Equals: [`${FN}:api`, `${FN}:api:prod`] })], ok: [MGMT, lambda({ Equals: [`${FN}:api`] })], path: '$[1].FieldSelectors[2].Equals[1]' },
  { rule: 'TC-SEL-114', bad: [MGMT, dynamo({ StartsWith: ['arn:aws:dynamodb:us-east-1:111122223333:table/Orders'] })], ok: [MGMT, dynamo({ Equals: ['arn:aws:dynamodb:us-east-1:111122223333:table/Orders'] })], path: '$[1].FieldSelectors[2].StartsWith[0]' },
  { rule: 'TC-SEL-115', bad: [MGMT, s3({ StartsWith: ['arn:aws:s3:::lake/raw'] })], ok: [MGMT, s3({ StartsWith: ['arn:aws:s3:::lake/raw/'] })], path: '$[1].FieldSelectors[2].StartsWith[0]' },
  { rule: 'TC-SEL-116', bad: [MGMT, named('Sensitive S3 reads', s3({ StartsWith: ['arn:aws:s3:::lake/'] }))], ok: [MGMT, named('Sensitive S3 reads', s3({ StartsWith: ['arn:aws:s3:::lake/'] }, { Field: 'readOnly', Equals: ['true'] }))], path: '$[1].Name' },
  { rule: 'TC-SEL-117', bad: [MGMT, named('Sensitive S3 reads', s3({ StartsWith: ['arn:aws:s3:::lake/'] }, { Field: 'readOnly', Equals: ['false'] }))], ok: [MGMT, named('Sensitive S3 writes', s3({ StartsWith: ['arn:aws:s3:::lake/'] }, { Field: 'readOnly', Equals: ['false'] }))], path: '$[1].FieldSelectors[3].Equals[0]' },
  { rule: 'TC-SEL-118', bad: [MGMT, ofType('AWS::S3::Objects')], ok: [MGMT, ofType('AWS::S3::Object')], path: '$[1].FieldSelectors[1].Equals[0]' },
];

describe('lint rules: each triggered by one input and not by a close one', () => {
  it('every rule has a case', () => {
    expect(cases.map((c) => c.rule).sort()).toEqual(LINT_RULES.map((r) => r.id).sort());
  });
  it.each(cases)('$rule', ({ rule, bad, ok, opts, okOpts, path }) => {
    const b = lintSelectors(bad, opts);
    const hit = b.findings.filter((f) => f.rule === rule);
    expect(hit.length, JSON.stringify(b.findings, null, 1)).toBeGreaterThan(0);
    if (path) expect(hit[0].path).toBe(path);
    expect(hit[0].message.length).toBeGreaterThan(10);
    const o = lintSelectors(ok, okOpts ?? opts);
    expect(o.findings.filter((f) => f.rule === rule)).toEqual([]);
    const severity = LINT_RULES.find((r) => r.id === rule)!.severity;
    expect(hit[0].severity).toBe(severity);
    if (severity === 'error') expect(b.valid).toBe(false);
  });
});

describe('lint: overall', () => {
  it('a sound set has no findings and counts its values', () => {
    const r = lintSelectors({ AdvancedEventSelectors: good });
    expect(r).toMatchObject({ valid: true, kind: 'advanced', values: 4, findings: [] });
  });
  it('counts every value, eventCategory and resources.type included', () => {
    expect(lintSelectors(manyValues(497)).values).toBe(500);
  });
  it('a non-selector input is one TC-SEL-001 finding at $', () => {
    expect(lintSelectors({ foo: 1 }).findings).toMatchObject([{ rule: 'TC-SEL-001', path: '$' }]);
    expect(lintSelectors('x').findings).toMatchObject([{ rule: 'TC-SEL-001', path: '$' }]);
  });
  it('a basic set converts and reports data resource values of 250', () => {
    const r = lintSelectors({ EventSelectors: [{ ReadWriteType: 'All', IncludeManagementEvents: true, DataResources: [{ Type: 'AWS::S3::Object', Values: ['arn:aws:s3:::a/', 'arn:aws:s3:::b/'] }] }] });
    expect(r).toMatchObject({ valid: true, kind: 'basic', values: 2, limit: 250 });
    expect(r.selectors).toHaveLength(2);
  });
  it('identical selectors: only the later one is reported as subsumed', () => {
    const sel = s3({ StartsWith: ['arn:aws:s3:::lake/'] });
    const r = lintSelectors([MGMT, sel, sel]);
    expect(r.findings.filter((f) => f.rule === 'TC-SEL-107').map((f) => f.path)).toEqual(['$[2]']);
  });
  it('the trail bucket is read from a trail object', () => {
    const r = lintSelectors({ Name: 'main', S3BucketName: 'trail-logs', AdvancedEventSelectors: [MGMT, s3({ StartsWith: ['arn:aws:s3:::'] })] });
    expect(r.findings.map((f) => f.rule)).toEqual(['TC-SEL-109']);
    expect(r.findings[0].path).toBe('$.AdvancedEventSelectors[1]');
  });
  it('a basic set covering the trail bucket is reported at the basic selector', () => {
    const r = lintSelectors({ EventSelectors: [{ ReadWriteType: 'All', DataResources: [{ Type: 'AWS::S3::Object', Values: ['arn:aws:s3'] }] }] }, { trailBucket: 'trail-logs' });
    expect(r.findings).toMatchObject([{ rule: 'TC-SEL-109', path: '$.EventSelectors[0]' }]);
  });
});
