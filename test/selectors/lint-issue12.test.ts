/**
 * Issue 12, "Lint and the engine": the rules added there (TC-SEL-016 tightened, 018/019, 023–025, 112–118, the
 * per-category rules on event data stores), checked on tables of inputs and, where a rule claims what the engine
 * does ("never matches", "also matches"), against the engine itself.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parse } from 'yaml';
import { lintSelectors, nameSaysReadOrWrite, type LintOptions } from '../../src/selectors/lint.js';
import { AMBIGUOUS_CASE_SERVICES, checkResourceType, DATA_RESOURCE_TYPES, DATA_RESOURCE_TYPES_AS_OF } from '../../src/selectors/resource-types.js';
import { compile, matchRecord } from '../../src/selectors/evaluate.js';
import type { AdvancedEventSelector, AdvancedFieldSelector, CloudTrailRecord } from '../../src/selectors/types.js';
import { ACCOUNT, lambdaRecord, s3Record } from './helpers.js';
import { root } from './run-cli.js';

const MGMT: AdvancedEventSelector = { Name: 'Management events', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }] };
const data = (type: string, ...more: AdvancedFieldSelector[]): AdvancedEventSelector => ({
  FieldSelectors: [{ Field: 'eventCategory', Equals: ['Data'] }, { Field: 'resources.type', Equals: [type] }, ...more],
});
const arn = (ops: Omit<AdvancedFieldSelector, 'Field'>): AdvancedFieldSelector => ({ ...ops, Field: 'resources.ARN' });
const logged = (sel: AdvancedEventSelector, r: CloudTrailRecord) => matchRecord(compile([sel]), r).logged;
const rulesOf = (input: unknown, opts?: LintOptions) => lintSelectors(input, opts).findings.map((f) => f.rule);
const find = (input: unknown, rule: string, opts?: LintOptions) => lintSelectors(input, opts).findings.filter((f) => f.rule === rule);

const FN = `arn:aws:lambda:us-west-2:${ACCOUNT}:function`;
const TABLE = `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table`;
const tableRecord = (name: string): CloudTrailRecord => ({
  eventID: `ddb-${name}`, eventCategory: 'Data', eventType: 'AwsApiCall', eventSource: 'dynamodb.amazonaws.com', eventName: 'GetItem', readOnly: true,
  resources: [{ type: 'AWS::DynamoDB::Table', ARN: `${TABLE}/${name}` }],
});

describe('resources.type values against the documented table (resource-types.ts)', () => {
  it('the table: 250 distinct AWS::Service::Resource names, read on a stated date, the three basic types among them', () => {
    expect(DATA_RESOURCE_TYPES).toHaveLength(250);
    expect(new Set(DATA_RESOURCE_TYPES).size).toBe(DATA_RESOURCE_TYPES.length);
    for (const t of DATA_RESOURCE_TYPES) expect(t).toMatch(/^AWS::[A-Za-z0-9]+::[A-Za-z0-9]+$/);
    expect(DATA_RESOURCE_TYPES).toEqual(expect.arrayContaining(['AWS::S3::Object', 'AWS::Lambda::Function', 'AWS::DynamoDB::Table', 'AWS::S3Express::Object', 'AWS::DynamoDB::Stream']));
    expect(DATA_RESOURCE_TYPES_AS_OF).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    // AWS's table spells QuickSight two ways; that service is the only one where case is not decided by the table.
    expect([...AMBIGUOUS_CASE_SERVICES]).toEqual(['quicksight']);
  });

  it.each([
    ['AWS::S3::Object', []],
    ['AWS::Bedrock::AgentAlias', []],
    ['AWS::S3::Objects', ['TC-SEL-118']],
    ['AWS::S3::Bucket', ['TC-SEL-118']],
    ['aws::lambda::function', ['TC-SEL-019']],
    ['AWS::Dynamodb::Table', ['TC-SEL-019']],
    // Documented as AWS::Quicksight::ActionConnector: a case difference there is a warning, not an error.
    ['AWS::QuickSight::ActionConnector', ['TC-SEL-118']],
  ])('%s → %j', (type, rules) => {
    const found = rulesOf([MGMT, data(type)]).filter((r) => ['TC-SEL-018', 'TC-SEL-019', 'TC-SEL-118'].includes(r));
    expect(found).toEqual(rules);
  });

  it('the unknown-type warning names the date and a near documented type', () => {
    const [f] = find([MGMT, data('AWS::S3::Objects')], 'TC-SEL-118');
    expect(f.message).toContain(`not a documented data resource type as of ${DATA_RESOURCE_TYPES_AS_OF}; AWS may have added it`);
    expect(f.message).toContain('did you mean "AWS::S3::Object"?');
  });

  it('network activity and management selectors are not checked for resource types', () => {
    expect(rulesOf([MGMT, { FieldSelectors: [{ Field: 'eventCategory', Equals: ['NetworkActivity'] }, { Field: 'eventSource', Equals: ['s3.amazonaws.com'] }] }])).toEqual([]);
  });

  it('property: every documented type lints clean; any other casing of it is an error (or, for QuickSight, a warning) and the engine never matches it', () => {
    fc.assert(
      fc.property(fc.constantFrom(...DATA_RESOURCE_TYPES), fc.array(fc.boolean(), { minLength: 60, maxLength: 60 }), (type, flips) => {
        expect(rulesOf([MGMT, data(type)])).toEqual([]);
        const cased = [...type].map((c, i) => (flips[i] ? (c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase()) : c)).join('');
        if (cased === type) return;
        const ambiguous = type.split('::')[1].toLowerCase() === 'quicksight';
        expect(checkResourceType(cased).kind).toBe(DATA_RESOURCE_TYPES.includes(cased) ? 'documented' : 'case');
        if (DATA_RESOURCE_TYPES.includes(cased)) return;
        const r = lintSelectors([MGMT, data(cased)]);
        expect(r.findings.map((f) => f.rule)).toEqual([ambiguous ? 'TC-SEL-118' : 'TC-SEL-019']);
        expect(r.valid).toBe(ambiguous);
        const record: CloudTrailRecord = { eventID: 'x', eventCategory: 'Data', eventSource: 'x.amazonaws.com', eventName: 'X', resources: [{ type, ARN: 'arn:aws:x:::y' }] };
        expect(logged(data(type), record)).toBe(true);
        expect(logged(data(cased), record)).toBe(false);
      }),
      { numRuns: 400, seed: 1212 },
    );
  });
});

describe('TC-SEL-018: one resources.type field selector per selector', () => {
  it.each<[string, LintOptions]>([['trail', {}], ['event data store', { target: 'eventDataStore' }]])('on a %s, the second one is an error at its path', (_, opts) => {
    const sel = data('AWS::S3::Object', { Field: 'resources.type', Equals: ['AWS::Lambda::Function'] });
    const r = lintSelectors([MGMT, sel], opts);
    expect(r.valid).toBe(false);
    expect(r.findings.filter((f) => f.rule === 'TC-SEL-018').map((f) => f.path)).toEqual(['$[1].FieldSelectors[2]']);
  });
});

describe('TC-SEL-016 on network activity: eventSource is Equals only, one field selector', () => {
  const network = (...fs: AdvancedFieldSelector[]) => [MGMT, { FieldSelectors: [{ Field: 'eventCategory', Equals: ['NetworkActivity'] }, ...fs] }];
  it.each<[string, AdvancedEventSelector[], string[]]>([
    ['one Equals value', network({ Field: 'eventSource', Equals: ['s3.amazonaws.com'] }), []],
    ['Equals with NotEquals in the same field selector', network({ Field: 'eventSource', Equals: ['s3.amazonaws.com'], NotEquals: ['kms.amazonaws.com'] }), ['$[1].FieldSelectors[1].NotEquals']],
    ['Equals with StartsWith', network({ Field: 'eventSource', Equals: ['s3.amazonaws.com'], StartsWith: ['s3'] }), ['$[1].FieldSelectors[1].StartsWith']],
    ['a second eventSource field selector', network({ Field: 'eventSource', Equals: ['s3.amazonaws.com'] }, { Field: 'eventSource', Equals: ['kms.amazonaws.com'] }), ['$[1].FieldSelectors[2]']],
    ['a second one with NotEquals', network({ Field: 'eventSource', Equals: ['s3.amazonaws.com'] }, { Field: 'eventSource', NotEquals: ['kms.amazonaws.com'] }), ['$[1].FieldSelectors[2]']],
    ['no eventSource', network({ Field: 'eventName', Equals: ['GetObject'] }), ['$[1]']],
  ])('%s', (_, input, paths) => {
    for (const opts of [{}, { target: 'eventDataStore' as const }]) {
      expect(find(input, 'TC-SEL-016', opts).map((f) => f.path)).toEqual(paths);
    }
  });
});

describe('event data stores: the per-category field rules apply; Evidence is a category', () => {
  const eds: LintOptions = { target: 'eventDataStore' };
  const cat = (c: string, ...fs: AdvancedFieldSelector[]): AdvancedEventSelector => ({ FieldSelectors: [{ Field: 'eventCategory', Equals: [c] }, ...fs] });
  it.each<[string, AdvancedEventSelector[], string[]]>([
    ['a data selector without resources.type', [cat('Data', arn({ StartsWith: ['arn:aws:s3:::lake/'] }))], ['TC-SEL-015']],
    ['a data selector with two resources.type values', [cat('Data', { Field: 'resources.type', Equals: ['AWS::S3::Object', 'AWS::Lambda::Function'] })], ['TC-SEL-015']],
    ['Evidence (Audit Manager)', [cat('Evidence')], []],
    ['Evidence with a readOnly filter', [cat('Evidence', { Field: 'readOnly', Equals: ['true'] })], ['TC-SEL-014']],
    ['Insight, ConfigurationItem, ActivityAuditLog', [cat('Insight'), cat('ConfigurationItem'), cat('ActivityAuditLog')], []],
    ['ConfigurationItem with eventName', [cat('ConfigurationItem', { Field: 'eventName', Equals: ['x'] })], ['TC-SEL-014']],
    ['management with eventName and userIdentity.arn (event data stores take them)', [cat('Management', { Field: 'eventName', Equals: ['CreateUser'] }, { Field: 'userIdentity.arn', StartsWith: ['arn:aws:iam::1:'] })], []],
    ['management with resources.ARN', [cat('Management', arn({ StartsWith: ['arn:aws:s3:::x/'] }))], ['TC-SEL-014']],
    ['network activity with readOnly', [cat('NetworkActivity', { Field: 'eventSource', Equals: ['s3.amazonaws.com'] }, { Field: 'readOnly', Equals: ['true'] })], ['TC-SEL-014']],
    ['an unknown field', [cat('Data', { Field: 'resources.type', Equals: ['AWS::S3::Object'] }, { Field: 'resources.Tag', Equals: ['x'] })], ['TC-SEL-009']],
  ])('%s', (_, input, rules) => {
    const r = lintSelectors(input, eds);
    expect(r.findings.filter((f) => f.severity === 'error').map((f) => f.rule)).toEqual(rules);
  });
  it('Evidence stays rejected on a trail', () => {
    expect(rulesOf([MGMT, cat('Evidence')])).toContain('TC-SEL-012');
  });
});

describe('basic selectors: what AWS rejects is an error, once', () => {
  const basic = (sel: object) => ({ EventSelectors: [{ ReadWriteType: 'All', IncludeManagementEvents: true, ...sel }] });
  const s3 = (...values: string[]) => basic({ DataResources: [{ Type: 'AWS::S3::Object', Values: values }] });
  it.each<[string, unknown, string[]]>([
    ['a bucket with its "/"', s3('arn:aws:s3:::lake/'), []],
    ['all buckets', s3('arn:aws:s3'), []],
    ['a bare bucket ARN', s3('arn:aws:s3:::lake'), ['TC-SEL-023']],
    ['a "*" value', s3('arn:aws:s3:::lake/*'), ['TC-SEL-024']],
    ['a "*" in a Lambda ARN', basic({ DataResources: [{ Type: 'AWS::Lambda::Function', Values: [`${FN}:api-*`] }] }), ['TC-SEL-024']],
    ['a key prefix without "/"', s3('arn:aws:s3:::lake/raw'), ['TC-SEL-115']],
    ['ExcludeManagementEventSources: kms and rdsdata', basic({ ExcludeManagementEventSources: ['kms.amazonaws.com', 'rdsdata.amazonaws.com'] }), []],
    ['ExcludeManagementEventSources: anything else', basic({ ExcludeManagementEventSources: ['iam.amazonaws.com'] }), ['TC-SEL-025']],
  ])('%s', (_, input, rules) => {
    const r = lintSelectors(input);
    expect(r.findings.map((f) => f.rule)).toEqual(rules);
    expect(r.valid).toBe(!rules.some((x) => x.startsWith('TC-SEL-02')));
  });
});

describe('Lambda, DynamoDB and S3 value warnings agree with the engine', () => {
  it('TC-SEL-112: "function/" never matches the function it names', () => {
    const sel = data('AWS::Lambda::Function', arn({ Equals: [`${FN}/api`] }));
    expect(rulesOf([MGMT, sel])).toEqual(['TC-SEL-112']);
    expect(logged(sel, lambdaRecord('api'))).toBe(false);
    expect(logged(data('AWS::Lambda::Function', arn({ Equals: [`${FN}:api`] })), lambdaRecord('api'))).toBe(true);
  });

  it('property: TC-SEL-113 fires on every alias- or version-qualified ARN, and Equals on it never matches an Invoke of that function', () => {
    const name = fc.stringMatching(/^[a-z][a-z0-9-]{0,12}$/);
    const qualifier = fc.oneof(fc.constant('$LATEST'), fc.integer({ min: 1, max: 999 }).map(String), fc.stringMatching(/^[a-z][a-z0-9_-]{0,9}$/));
    fc.assert(
      fc.property(name, qualifier, fc.constantFrom('Equals', 'StartsWith', 'NotEquals'), (n, q, op) => {
        const sel = data('AWS::Lambda::Function', arn({ [op]: [`${FN}:${n}:${q}`] }));
        const found = find([MGMT, sel], 'TC-SEL-113');
        expect(found).toHaveLength(1);
        expect(found[0].message).toContain(`use "${FN}:${n}"`);
        if (op !== 'NotEquals') expect(logged(sel, lambdaRecord(n))).toBe(false);
        else expect(logged(sel, lambdaRecord(n))).toBe(true); // excludes nothing
      }),
      { numRuns: 200, seed: 113 },
    );
  });

  it('TC-SEL-113 does not fire on unqualified ARNs, and TC-SEL-104 stays the StartsWith warning', () => {
    expect(rulesOf([MGMT, data('AWS::Lambda::Function', arn({ Equals: [`${FN}:api`] }))])).toEqual([]);
    expect(rulesOf([MGMT, data('AWS::Lambda::Function', arn({ StartsWith: [`${FN}:api`] }))])).toEqual(['TC-SEL-104']);
  });

  it('TC-SEL-114: StartsWith table/Orders logs OrdersArchive; Equals does not; a trailing "/" is left alone', () => {
    const starts = data('AWS::DynamoDB::Table', arn({ StartsWith: [`${TABLE}/Orders`] }));
    expect(rulesOf([MGMT, starts])).toEqual(['TC-SEL-114']);
    expect(logged(starts, tableRecord('OrdersArchive'))).toBe(true);
    const equals = data('AWS::DynamoDB::Table', arn({ Equals: [`${TABLE}/Orders`] }));
    expect(rulesOf([MGMT, equals])).toEqual([]);
    expect(logged(equals, tableRecord('Orders'))).toBe(true);
    expect(logged(equals, tableRecord('OrdersArchive'))).toBe(false);
    expect(rulesOf([MGMT, data('AWS::DynamoDB::Table', arn({ StartsWith: [`${TABLE}/Orders/` ] }))])).toEqual([]);
    expect(find([MGMT, data('AWS::DynamoDB::Table', arn({ NotStartsWith: [`${TABLE}/Orders`] }))], 'TC-SEL-114')[0].message).toContain('use NotEquals');
  });

  it('property: TC-SEL-115 fires exactly on S3 key prefixes without a trailing "/", and such a prefix matches its sibling folders', () => {
    const seg = fc.stringMatching(/^[a-z0-9][a-z0-9._-]{0,8}$/);
    fc.assert(
      fc.property(seg, fc.array(seg, { minLength: 1, maxLength: 3 }), fc.boolean(), fc.constantFrom('StartsWith', 'NotStartsWith'), (bucket, keys, slash, op) => {
        const folder = `arn:aws:s3:::${bucket}/${keys.join('/')}`;
        const prefix = `${folder}${slash ? '/' : ''}`;
        const rules = rulesOf([MGMT, data('AWS::S3::Object', arn({ [op]: [prefix] }))]);
        expect(rules).toEqual(slash ? [] : ['TC-SEL-115']);
        if (op === 'StartsWith') expect(logged(data('AWS::S3::Object', arn({ StartsWith: [prefix] })), s3Record(`${folder}2/file`))).toBe(!slash);
      }),
      { numRuns: 300, seed: 115 },
    );
  });

  it('a bucket-level value gets TC-SEL-101 only, never TC-SEL-115 too', () => {
    expect(rulesOf([MGMT, data('AWS::S3::Object', arn({ StartsWith: ['arn:aws:s3:::lake'] }))])).toEqual(['TC-SEL-101']);
    expect(find([MGMT, data('AWS::S3::Object', arn({ StartsWith: ['arn:aws:s3:::lake/raw'] }))], 'TC-SEL-115')[0].message).toMatch(/if you meant a folder, end it with "\/" \("arn:aws:s3:::lake\/raw\/"\)/);
  });
});

describe('TC-SEL-116/117: what the Name says against readOnly', () => {
  it.each<[string, 'reads' | 'writes' | null]>([
    ['Sensitive S3 reads', 'reads'],
    ['write events', 'writes'],
    ['read-only', 'reads'],
    ['Management events (read-only)', 'reads'],
    ['S3 ReadOnly', 'reads'],
    ['Writes elsewhere', 'writes'],
    ['Keep ingestion audit (writes only): acme-datalake/raw/', 'writes'],
    ['Log all S3 objects (reads+writes) except acme-cdn-logs/', null],
    ['Reads and writes', null],
    ['read/write access', null],
    ['All events on lake', null],
    ['Management events', null],
    ['PII — all access', null],
    ['Log (all events): write-handler', null],
    ['Objects in reads-archive/', null],
    ['All S3 except reads', null],
    ['S3 data events; not: reads', null],
    ['Thread dumps', null],
  ])('%j → %s', (name, says) => expect(nameSaysReadOrWrite(name)).toBe(says));

  const named = (Name: string, ...ro: string[]): AdvancedEventSelector => ({
    Name, ...data('AWS::S3::Object', arn({ StartsWith: ['arn:aws:s3:::lake/'] }), ...(ro.length ? [{ Field: 'readOnly', Equals: ro }] : [])),
  });
  it.each<[string, AdvancedEventSelector, string[]]>([
    ['reads, no readOnly', named('Sensitive S3 reads'), ['TC-SEL-116']],
    ['reads, readOnly true', named('Sensitive S3 reads', 'true'), []],
    ['reads, readOnly false', named('Sensitive S3 reads', 'false'), ['TC-SEL-117']],
    ['reads, readOnly true and false (no limit)', named('Sensitive S3 reads', 'true', 'false'), ['TC-SEL-116']],
    ['writes, no readOnly', named('write events'), ['TC-SEL-116']],
    ['writes, readOnly true', named('write events', 'true'), ['TC-SEL-117']],
    ['writes, readOnly false', named('write events', 'false'), []],
    ['neither', named('Lake objects'), []],
    ['reads, narrowed to named APIs instead of readOnly', { ...named('Sensitive S3 reads'), FieldSelectors: [...named('Sensitive S3 reads').FieldSelectors!, { Field: 'eventName', Equals: ['GetObject'] }] }, []],
    ['reads, named APIs and readOnly false', { ...named('Sensitive S3 reads', 'false'), FieldSelectors: [...named('Sensitive S3 reads', 'false').FieldSelectors!, { Field: 'eventName', Equals: ['GetObject'] }] }, ['TC-SEL-117']],
    ['management, read-only, no readOnly', { Name: 'Management events (read-only)', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }] }, ['TC-SEL-116']],
  ])('%s', (_, sel, rules) => {
    expect(rulesOf([MGMT, sel]).filter((r) => r === 'TC-SEL-116' || r === 'TC-SEL-117')).toEqual(rules);
  });
});

describe('the demo still lints as before: no finding of the issue-12 rules', () => {
  const NEW = new Set(['TC-SEL-016', 'TC-SEL-018', 'TC-SEL-019', 'TC-SEL-023', 'TC-SEL-024', 'TC-SEL-025', 'TC-SEL-112', 'TC-SEL-113', 'TC-SEL-114', 'TC-SEL-115', 'TC-SEL-116', 'TC-SEL-117', 'TC-SEL-118']);
  type Sel = { kind: 'basic' | 'advanced'; selectors: unknown[] };
  const input = (s: Sel) => (s.kind === 'basic' ? { EventSelectors: s.selectors } : s.selectors);
  it('the golden optimize output lints clean', () => {
    const golden = JSON.parse(readFileSync(join(root, 'test', 'golden', 'optimize-demo.json'), 'utf8'));
    expect(lintSelectors(golden, { trailBucket: 'acme-org-cloudtrail' }).findings).toEqual([]);
  });
  it('every selector set of every bundled scenario, variants and event data stores included', () => {
    for (const file of ['demo.yaml', 'lake-vs-athena.yaml', 'small-startup.yaml']) {
      const sc = parse(readFileSync(join(root, 'scenarios', file), 'utf8')) as {
        trails?: Array<{ s3Bucket?: string; selectors?: Sel }>;
        variants?: Array<{ modifyTrails?: Array<{ selectors?: Sel }>; addEventDataStores?: Array<{ selectors: unknown[] }> }>;
      };
      const sets: Array<[unknown, LintOptions]> = [
        ...(sc.trails ?? []).filter((t) => t.selectors).map((t): [unknown, LintOptions] => [input(t.selectors!), { trailBucket: t.s3Bucket }]),
        ...(sc.variants ?? []).flatMap((v) => [
          ...(v.modifyTrails ?? []).filter((t) => t.selectors).map((t): [unknown, LintOptions] => [input(t.selectors!), {}]),
          ...(v.addEventDataStores ?? []).map((e): [unknown, LintOptions] => [e.selectors, { target: 'eventDataStore' }]),
        ]),
      ];
      expect(sets.length).toBeGreaterThan(0);
      for (const [sel, opts] of sets) expect(lintSelectors(sel, opts).findings.filter((f) => NEW.has(f.rule)), file).toEqual([]);
    }
  });
});
