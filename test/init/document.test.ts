/**
 * The scenario text `trailcost init` writes: whatever the names, tags and trail names hold (line breaks, escape
 * sequences, bidi controls, YAML syntax, quotes, lone surrogates), the text reads back as exactly the scenario
 * intended — comments cannot end early or add a line — and the scenario schema accepts it.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { buildInitScenario, commentText } from '../../src/scenario/init/document.js';
import { suggestPolicy } from '../../src/scenario/init/suggest.js';
import { parseWithSchema } from '../../src/scenario/parse.js';
import { ScenarioSchema } from '../../src/scenario/schema.js';
import { SnapshotSchema, type Snapshot, type Trail } from '../../src/model/snapshot.js';

const A = '111111111111';
const R = 'eu-west-1';
const DEMO = new URL('../../scenarios/demo.snapshot.json', import.meta.url);

/** Strings that have broken YAML comments and terminals before. */
const NASTY = [
  '\n- match: evil\n', '\r\ndecision: drop', '\u2028policy: {}', '\u0085x', '# not a comment', '": x', "'", '\\', '&anchor', '*alias',
  '\u001b[2J\u001b]52;c;ZXZpbA==\u0007', '\u202eroot', '\u200b', '\ud800', '\udfff', '😀', 'Données', '\t', '---', '...', '{a: 1}',
  '- pii', 'pii\n', 'ＰＩＩ',
];
const word = fc.constantFrom('pii', 'logs', 'elb', 'cdn', 'secret', 'happiness', 'vault', 'hr', 'data', 'access', 'athena', 'results', 'archive', 'x1');
const nasty = fc.constantFrom(...NASTY);
const part = fc.oneof(word, word, nasty, fc.string({ maxLength: 6 }), fc.string({ unit: 'binary', maxLength: 4 }));
const name = fc.array(part, { minLength: 1, maxLength: 4 }).map((ps) => ps.join('-').padEnd(3, 'x').slice(0, 63));
const tagKey = fc.oneof(fc.constantFrom('DataClassification', 'classification', 'pii', 'Sensitivity', 'team'), part);
const tagValue = fc.oneof(fc.constantFrom('PII', 'public', 'non-confidential', 'Restricted - EU', 'yes'), part);

function trail(t: { name: string; bucket: string; prefix: string }): Trail {
  return {
    name: t.name, arn: `arn:aws:cloudtrail:${R}:${A}:trail/x`, account: A, homeRegion: R, multiRegion: true, organization: false,
    logging: true, s3Bucket: t.bucket, s3KeyPrefix: t.prefix, insights: [],
    selectors: { kind: 'advanced', selectors: [{ Name: t.name, FieldSelectors: [{ Field: 'eventCategory', Equals: ['Data'] }, { Field: 'resources.type', Equals: ['AWS::S3::Object'] }] }] },
  };
}

const snapshotArb = fc.record({
  buckets: fc.array(fc.record({ name, tags: fc.option(fc.array(fc.record({ key: tagKey, value: tagValue }), { maxLength: 3 }), { nil: undefined }) }), { maxLength: 8 }),
  functions: fc.array(name, { maxLength: 3 }),
  tables: fc.array(name, { maxLength: 3 }),
  trails: fc.array(fc.record({ name, bucket: name, prefix: part }), { maxLength: 3 }),
}).map((g): Snapshot => ({
  version: 1, generatedAt: '2026-11-01T00:00:00Z', source: { tool: 'test', kind: 'generated' },
  window: { start: '2026-10-01T00:00:00Z', end: '2026-11-01T00:00:00Z' }, accounts: [{ id: A }], regions: [R],
  buckets: g.buckets.map((b) => ({ account: A, region: R, name: b.name, metricsConfigurations: [], ...(b.tags ? { tags: b.tags } : {}) })),
  functions: g.functions.map((n) => ({ account: A, region: R, name: n, arn: `arn:aws:lambda:${R}:${A}:function:${n}` })),
  tables: g.tables.map((n) => ({ account: A, region: R, name: n, arn: `arn:aws:dynamodb:${R}:${A}:table/${n}` })),
  measurements: [], samples: [], trails: g.trails.map(trail), eventDataStores: [], billing: [], gaps: [],
}));

describe('the scenario init writes', () => {
  it('reads back as exactly the intended scenario, in printable ASCII, whatever the data holds (property)', () => {
    fc.assert(
      fc.property(snapshotArb, fc.oneof(name, fc.constant('../snap shots/ø.json')), (snapshot, ref) => {
        const { text, suggestions } = buildInitScenario({ snapshot, snapshotRef: ref, name: 'n' });
        // Expected from the suggestions, built apart from the writer.
        const rules = suggestPolicy(snapshot).filter((s) => s.match !== null).map((s) => ({ match: s.match, decision: s.decision, reason: s.reason }));
        expect(suggestions.filter((s) => s.match !== null)).toHaveLength(rules.length);
        expect(parse(text)).toEqual({
          name: 'n', description: expect.any(String), snapshot: ref, trails: [], policy: { default: 'log', rules },
        });
        expect(text).toMatch(/^[\x20-\x7e\n]*$/);
        // Every line is a comment, blank, or one of the lines the writer makes.
        for (const line of text.split('\n')) {
          expect(line).toMatch(/^( *#.*|)$|^(name|description|snapshot|trails|policy):|^  (default|rules):|^    - match: |^    \[\]$|^      (decision|reason): /);
        }
        const r = parseWithSchema(text, 'init.yaml', ScenarioSchema);
        expect(r.ok).toBe(true);
      }),
      { numRuns: Number(process.env.INIT_RUNS ?? 300) },
    );
  });

  it('each rule has its suggestion comment right above it', () => {
    fc.assert(
      fc.property(snapshotArb, (snapshot) => {
        const { text } = buildInitScenario({ snapshot, snapshotRef: 's.json', name: 'n' });
        const lines = text.split('\n');
        lines.forEach((l, i) => {
          if (!l.startsWith('    - match: ')) return;
          let j = i - 1;
          while (/^    #  /.test(lines[j])) j--;
          expect(lines[j]).toMatch(/^    # suggested (keep|drop)/);
        });
      }),
      { numRuns: 150 },
    );
  });

  it('shows data in comments escaped, never raw', () => {
    const snapshot = SnapshotSchema.parse({
      version: 1, generatedAt: '2026-11-01T00:00:00Z', source: { tool: 't', kind: 'generated' },
      window: { start: '2026-10-01T00:00:00Z', end: '2026-11-01T00:00:00Z' }, accounts: [{ id: A }], regions: [R],
      buckets: [{ account: A, region: R, name: 'acme-pii-data', tags: [{ key: 'DataClassification', value: 'PII\n- match: evil\u001b[31m' }] }],
      trails: [trail({ name: 'evil\n  - match: injected\u202e', bucket: 'logs', prefix: 'p' })],
    });
    const { text } = buildInitScenario({ snapshot, snapshotRef: 's.json', name: 'n' });
    expect(text).toContain('"PII\\x0a- match: evil\\x1b[31m"');
    expect(text).toContain('# suggested drop: by construction: CloudTrail delivers the logs of trail "evil\\x0a  - match: injected\\u202e" here');
    expect(text).not.toMatch(/^\s*- match: (evil|injected)/m);
    expect(commentText('a'.repeat(200), 10)).toBe(`${'a'.repeat(9)}\\u2026`.replace('\\u2026', '…'));
  });

  it('says what the snapshot could not tell: tags not read, denied, or partly read', () => {
    const base = { version: 1, generatedAt: '2026-11-01T00:00:00Z', source: { tool: 't', kind: 'generated' }, window: { start: '2026-10-01T00:00:00Z', end: '2026-11-01T00:00:00Z' }, accounts: [{ id: A }], regions: [R] } as const;
    const b = (n: string, tags?: Array<{ key: string; value: string }>) => ({ account: A, region: R, name: n, ...(tags ? { tags } : {}) });
    const text = (s: object) => buildInitScenario({ snapshot: SnapshotSchema.parse(s), snapshotRef: 's.json', name: 'n' }).text;
    expect(text({ ...base, buckets: [b('aaa'), b('bbb')] })).toContain('Bucket tags: none in this snapshot');
    expect(text({ ...base, buckets: [b('aaa'), b('bbb', [])] })).toContain('Bucket tags: not in this snapshot for 1 of 2 buckets');
    expect(text({ ...base, buckets: [b('aaa'), b('bbb')], gaps: [{ service: 's3', operation: 'GetBucketTagging', error: 'AccessDenied', message: 'x' }] }))
      .toContain('Bucket tags: could not be read for any bucket (the snapshot\'s gaps list GetBucketTagging)');
    const all = text({ ...base, buckets: [b('aaa', [])] });
    expect(all).not.toContain('Bucket tags:');
    expect(all).toContain('S3 server access logging: the snapshot does not record');
  });

  it('on the bundled demo: keeps the PII buckets, functions and table, drops the trail and log buckets', () => {
    const snapshot = SnapshotSchema.parse(JSON.parse(readFileSync(DEMO, 'utf8')));
    const { text } = buildInitScenario({ snapshot, snapshotRef: 'demo.snapshot.json', name: 'demo' });
    const rules = (parse(text) as { policy: { rules: Array<{ match: string; decision: string }> } }).policy.rules;
    const of = (d: string) => rules.filter((r) => r.decision === d).map((r) => r.match.replace(/^arn:.*[:/]/, ''));
    expect(of('keep')).toEqual(['acme-eu-pii-vault', 'acme-mgmt-terraform-state', 'acme-pii-exports', 'acme-pii-vault', 'pii-export', 'pii-tokenizer', 'pii-tokens']);
    expect(of('drop')).toEqual(expect.arrayContaining(['acme-org-cloudtrail', 'acme-security-trail-logs', 'acme-elb-logs', 'acme-cdn-logs', 'acme-athena-results', 'acme-vpc-flow-logs']));
    // Trails are listed as comments, not copied (a rescan must not be masked by a stale copy).
    expect(text).toMatch(/^# {3}data-trail: account 444444444444/m);
    expect(text).toMatch(/^trails: \[\]$/m);
    expect(text).toContain('Bucket tags: none in this snapshot');
  });
});
