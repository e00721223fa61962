import { describe, expect, it } from 'vitest';
import { formatProblems, parseWithSchema, type Problem } from '../../src/scenario/parse.js';
import { ScenarioSchema } from '../../src/scenario/schema.js';
import { scenarioInput, InputError } from '../../src/scenario/input.js';
import { parseScenario, priceBook } from '../estimate/helpers.js';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadScenarioFile, loadSnapshotFile } from '../../src/scenario/load.js';

function problems(text: string): Problem[] {
  const r = parseWithSchema(text, 'bad.yaml', ScenarioSchema);
  if (r.ok) throw new Error('expected problems, the file was accepted');
  return r.problems;
}

const HEAD = `name: t
inventory:
  accounts: [{ id: "111122223333" }]
`;
const TRAIL = `trails:
  - name: main
    account: "111122223333"
    homeRegion: us-east-1
    multiRegion: true
    organization: false
    s3Bucket: logs
    selectors: { kind: advanced, selectors: [] }
`;

describe('malformed scenarios: every problem, each with file:line:col', () => {
  it('a YAML syntax error points at the line', () => {
    const ps = problems('name: t\ninventory:\n  accounts: [{ id: "111122223333" }]\n  buckets: : x\n');
    expect(ps[0]).toMatchObject({ file: 'bad.yaml', line: 4 });
    expect(formatProblems(ps)).toMatch(/^bad\.yaml:4:\d+: /);
  });
  it('an empty file', () => {
    expect(problems('')[0].message).toBe('the file is empty');
  });
  it('a duplicate key', () => {
    const ps = problems('name: a\nname: b\ninventory: { accounts: [{ id: "111122223333" }] }\n');
    expect(ps[0].line).toBe(2);
    expect(ps[0].message).toMatch(/unique/i);
  });
  it('missing name', () => {
    const ps = problems('inventory:\n  accounts: [{ id: "111122223333" }]\n');
    expect(ps).toHaveLength(1);
    expect(ps[0]).toMatchObject({ path: 'name', line: 1, col: 1 });
    expect(ps[0].message).toMatch(/missing required field/);
  });
  it('neither snapshot nor inventory', () => {
    expect(problems('name: t\n')[0].message).toBe('give either `snapshot` (a file) or `inventory` (declared inline), exactly one');
  });
  it('both snapshot and inventory', () => {
    const ps = problems(`snapshot: s.json\n${HEAD}`);
    expect(ps[0]).toMatchObject({ path: 'inventory', line: 3 });
  });
  it('an unknown field (a typo) is named at its key', () => {
    const ps = problems(`${HEAD}trail: []\n`);
    expect(ps[0]).toMatchObject({ line: 4, col: 1, message: 'unknown field "trail"' });
  });
  it('a bad account id and a bad Region, both reported', () => {
    const ps = problems(`name: t
inventory:
  accounts: [{ id: "12345" }]
  buckets:
    - { account: "111122223333", region: us-east, name: b-one }
`);
    expect(ps.map((p) => p.path)).toEqual(['inventory.accounts[0].id', 'inventory.buckets[0].region']);
    expect(ps[0].message).toContain('12-digit');
    expect(ps[0].line).toBe(3);
    expect(ps[1].message).toContain('Region code');
    expect(ps[1].line).toBe(5);
  });
  it('a prefix without its trailing slash', () => {
    const ps = problems(`${HEAD}  buckets:
    - account: "111122223333"
      region: us-east-1
      name: bucket-a
      requests: { GetRequests: 10 }
      prefixes: [{ prefix: logs, share: 0.5 }]
`);
    expect(ps[0]).toMatchObject({ path: 'inventory.buckets[0].prefixes[0].prefix', line: 9, message: 'expected a key prefix ending in "/"' });
  });
  it('prefix shares above 1, a share without a bucket volume, and two ways at once', () => {
    const ps = problems(`${HEAD}  buckets:
    - account: "111122223333"
      region: us-east-1
      name: bucket-a
      requests: { GetRequests: 10 }
      prefixes: [{ prefix: a/, share: 0.8 }, { prefix: b/, share: 0.4 }]
    - account: "111122223333"
      region: us-east-1
      name: bucket-b
      prefixes: [{ prefix: a/, share: 0.5, events: { GetObject: 3 } }]
`);
    const msgs = ps.map((p) => p.message);
    expect(msgs).toContain('prefix shares add up to 1.200 (> 1)');
    expect(msgs).toContain('a share needs the bucket volume (`requests` or `events`)');
    expect(msgs).toContain('give exactly one of `share`, `requests` or `events`');
  });
  it('an unknown S3 request metric and a negative count', () => {
    const ps = problems(`${HEAD}  buckets:
    - { account: "111122223333", region: us-east-1, name: bucket-a, requests: { GetRequest: 10, PutRequests: -5 } }
`);
    expect(ps.length).toBeGreaterThanOrEqual(2);
    expect(ps.every((p) => p.line === 5)).toBe(true);
    expect(ps.map((p) => p.path).join(' ')).toContain('inventory.buckets[0].requests');
  });
  it('a trail missing its bucket and with a misspelled operator', () => {
    const ps = problems(`${HEAD}trails:
  - name: main
    account: "111122223333"
    homeRegion: us-east-1
    multiRegion: true
    organization: false
    selectors:
      kind: advanced
      selectors:
        - FieldSelectors:
            - { Field: eventCategory, Equals: [Data] }
            - { Field: resources.ARN, StartWith: ["arn:aws:s3:::b/"] }
`);
    expect(ps.map((p) => p.message)).toEqual(expect.arrayContaining(['unknown field "StartWith"', expect.stringMatching(/missing required field/)]));
    const typo = ps.find((p) => p.message === 'unknown field "StartWith"')!;
    expect(typo.line).toBe(15);
    expect(typo.path).toBe('trails[0].selectors.selectors[0].FieldSelectors[1]');
  });
  it('an unknown selector kind', () => {
    const ps = problems(`${HEAD}${TRAIL.replace('kind: advanced', 'kind: fancy')}`);
    expect(ps[0].path).toMatch(/^trails\[0\]\.selectors/);
    expect(ps[0].line).toBe(11);
  });
  it('an invalid policy decision', () => {
    const ps = problems(`${HEAD}policy:\n  rules: [{ match: b, decision: log-writes }]\n`);
    expect(ps[0]).toMatchObject({ path: 'policy.rules[0].decision', line: 5, message: 'expected one of "keep", "keep-writes", "drop"' });
  });
  it('duplicate trail and variant names', () => {
    const ps = problems(`${HEAD}${TRAIL}${TRAIL.replace('trails:\n', '')}variants:\n  - { name: v1 }\n  - { name: v1 }\n`);
    expect(ps.map((p) => p.message)).toEqual(expect.arrayContaining(['duplicate trail name "main"', 'duplicate variant name "v1"']));
  });
  it('a variant name with spaces and a negative event size', () => {
    const ps = problems(`${HEAD}assumptions: { eventSizeBytes: -3 }\nvariants:\n  - { name: "two words" }\n`);
    expect(ps.map((p) => p.path)).toEqual(['assumptions.eventSizeBytes', 'variants[0].name']);
  });
  it('every problem is reported at once, in file order', () => {
    const ps = problems(`name: t
inventory:
  accounts: [{ id: "1" }]
  buckets: [{ account: "2", region: x, name: b-one }]
policy: { default: maybe }
`);
    expect(ps.length).toBe(4);
    expect(ps.map((p) => p.line)).toEqual([3, 4, 4, 5]);
    expect(formatProblems(ps)).toMatch(/^4 problems:\n  bad\.yaml:3:/);
  });
  it('a variant that names an unknown trail is an input error naming the variant', () => {
    const scenario = parseScenario(`${HEAD}${TRAIL}variants:\n  - { name: v, removeTrails: [nope], modifyTrails: [{ name: other }] }\n`);
    expect(() => scenarioInput({ file: 's.yaml', scenario, snapshot: null, pricing: priceBook(), variant: 'v' })).toThrow(InputError);
    expect(() => scenarioInput({ file: 's.yaml', scenario, snapshot: null, pricing: priceBook(), variant: 'v' })).toThrow(
      's.yaml: variant "v": removeTrails names unknown trail "nope"; variant "v": modifyTrails names unknown trail "other"',
    );
  });
  it('asking for a variant that does not exist lists the ones that do', () => {
    const scenario = parseScenario(`${HEAD}variants:\n  - { name: a }\n  - { name: b }\n`);
    expect(() => scenarioInput({ file: 's.yaml', scenario, snapshot: null, pricing: priceBook(), variant: 'c' })).toThrow('no variant "c" (the scenario has: a, b)');
  });
});

describe('wrong kind of file, wrong version: one clear message', () => {
  const dir = mkdtempSync(join(tmpdir(), 'trailcost-kind-'));
  it('a snapshot of another version names the version and its position', async () => {
    const f = join(dir, 'v99.json');
    writeFileSync(f, '{\n  "version": 99,\n  "accounts": []\n}\n');
    await expect(loadSnapshotFile(f)).rejects.toThrow(`${f}:2:14: snapshot version 99 is not supported (this trailcost reads version 1)`);
  });
  it('a snapshot given as a scenario, and a scenario given as a snapshot', async () => {
    const snap = join(dir, 'snap.json');
    writeFileSync(snap, JSON.stringify({ version: 1, generatedAt: '2026-01-01T00:00:00Z', accounts: [] }));
    await expect(loadScenarioFile(snap)).rejects.toThrow(`${snap} is a snapshot, not a scenario: give it with --snapshot`);
    const scen = join(dir, 'scen.yaml');
    writeFileSync(scen, 'name: x\ntrails: []\n');
    await expect(loadSnapshotFile(scen)).rejects.toThrow(`${scen} is a scenario, not a snapshot (snapshots are written by trailcost scan and sample; scenarios go with --scenario)`);
  });
});

describe('selectors AWS would reject, and very bad files', () => {
  it('an empty operator list is an error at its position, not "log everything"', () => {
    const ps = problems(`${HEAD}trails:
  - name: main
    account: "111122223333"
    homeRegion: us-east-1
    multiRegion: true
    organization: false
    s3Bucket: trail-logs
    selectors:
      kind: advanced
      selectors:
        - FieldSelectors:
            - { Field: eventCategory, Equals: [Data] }
            - { Field: resources.ARN, StartsWith: [] }
`);
    expect(ps).toHaveLength(1);
    expect(ps[0]).toMatchObject({ line: 16, path: 'trails[0].selectors.selectors[0].FieldSelectors[1].StartsWith', message: 'empty StartsWith list: AWS rejects an operator with no values' });
  });
  it('lists at most 20 problems and counts the rest', () => {
    const many = Array.from({ length: 30 }, (_, i) => ({ file: 'f', line: i + 1, col: 1, path: '', message: 'bad' }));
    const text = formatProblems(many);
    expect(text.split('\n')).toHaveLength(22);
    expect(text).toMatch(/… and 10 more$/);
  });
  it('a binary file is one line, not a page of YAML errors', async () => {
    const f = join(mkdtempSync(join(tmpdir(), 'trailcost-bin-')), 'x.yaml');
    writeFileSync(f, Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 1, 2, 0x3a, 0x0a]));
    await expect(loadScenarioFile(f)).rejects.toThrow(`invalid scenario: ${f} is not a text file (YAML or JSON expected)`);
  });
});
