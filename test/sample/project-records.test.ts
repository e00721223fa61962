import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectLogRecords, encodeLogRecords, RECORD_FIELDS, IDENTITY_FIELDS, RESOURCE_FIELDS } from '../../src/sample/project-records.js';
import { recordsOf } from '../../src/collect/logs.js';
import { SampleAggregator } from '../../src/sample/aggregate.js';
import { prng } from '../support/prng.js';
import { generateRecords } from './generate.js';
import { ALL_FIXTURES, FIXTURES, fixture } from './helpers.js';

const bytes = (text: string): Buffer => Buffer.from(text, 'utf8');

/** The same projection of a record JSON.parse read whole: the reference, written independently of the scanner. */
function projectRecord(r: Record<string, unknown>): Record<string, unknown> {
  const pick = (o: Record<string, unknown>, names: readonly string[]): Record<string, unknown> =>
    Object.fromEntries(names.map((n) => [n, Object.prototype.hasOwnProperty.call(o, n) ? o[n] : undefined]));
  const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  const out = pick(r, RECORD_FIELDS);
  if (isObject(out.userIdentity)) out.userIdentity = pick(out.userIdentity, IDENTITY_FIELDS);
  if (Array.isArray(out.resources)) out.resources = out.resources.map((x) => (isObject(x) ? pick(x, RESOURCE_FIELDS) : x));
  return out;
}

/** What the general path gives for the same bytes: JSON.parse of the UTF-8 text, then the projection. */
function reference(buf: Buffer): Record<string, unknown>[] | 'invalid' | 'other shape' {
  let doc: unknown;
  try {
    doc = JSON.parse(buf.toString('utf8'));
  } catch {
    return 'invalid';
  }
  const r = recordsOf(doc);
  return typeof r === 'string' ? 'other shape' : r.map((x) => projectRecord(x));
}

/**
 * JSON text for `v` with the liberties JSON allows and CloudTrail never takes: whitespace between tokens,
 * characters written as \u escapes, a key given twice (the first value a decoy that JSON.parse drops).
 */
function serialize(v: unknown, rnd: () => number): string {
  const ws = (): string => (rnd() < 0.2 ? [' ', '\n', '\t', '\r\n', '  '][Math.floor(rnd() * 5)] : '');
  const str = (s: string): string => {
    if (rnd() < 0.7) return JSON.stringify(s);
    let out = '"';
    for (const ch of s) {
      if (rnd() < 0.3) {
        for (let k = 0; k < ch.length; k++) out += `\\u${ch.charCodeAt(k).toString(16).padStart(4, '0')}`;
      } else {
        out += JSON.stringify(ch).slice(1, -1);
      }
    }
    return `${out}"`;
  };
  if (v === null || typeof v !== 'object') return typeof v === 'string' ? str(v) : JSON.stringify(v);
  if (Array.isArray(v)) return `[${ws()}${v.map((x) => serialize(x, rnd)).join(`${ws()},${ws()}`)}${ws()}]`;
  const members: string[] = [];
  for (const [k, x] of Object.entries(v)) {
    if (x === undefined) continue;
    if (rnd() < 0.1) members.push(`${str(k)}${ws()}:${ws()}${rnd() < 0.5 ? '"decoy"' : '{"arn":"decoy"}'}`);
    members.push(`${str(k)}${ws()}:${ws()}${serialize(x, rnd)}`);
  }
  return `{${ws()}${members.join(`${ws()},${ws()}`)}${ws()}}`;
}

const anyJson = fc.jsonValue({ maxDepth: 3 });
const text = fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), fc.string({ unit: 'binary' }));
const s3Arn = fc.tuple(fc.constantFrom('pii-vault', 'logs', 'b'), fc.array(fc.constantFrom('a/', 'b/', 'é/', '', 'k'), { maxLength: 4 }))
  .map(([b, parts]) => `arn:aws:s3:::${b}/${parts.join('')}`);
const resource = fc.oneof(
  fc.record(
    {
      type: fc.oneof(fc.constantFrom('AWS::S3::Object', 'AWS::S3::Bucket', 'AWS::Lambda::Function', 'AWS::DynamoDB::Table'), text),
      ARN: fc.oneof(s3Arn, text, anyJson),
      ARNPrefix: fc.oneof(s3Arn, anyJson),
      accountId: fc.oneof(fc.constantFrom('111122223333', '444455556666'), anyJson),
      extra: anyJson,
    },
    { requiredKeys: [] },
  ),
  anyJson,
);
const record = fc.record(
  {
    eventVersion: fc.constant('1.10'),
    userIdentity: fc.oneof(
      fc.record({ type: text, arn: fc.oneof(text, anyJson), sessionContext: anyJson }, { requiredKeys: [] }),
      anyJson,
    ),
    eventTime: fc.oneof(fc.constantFrom('2026-11-01T00:00:05Z', '2026-11-02T10:00:00Z'), text, anyJson),
    eventSource: fc.oneof(fc.constantFrom('s3.amazonaws.com', 'lambda.amazonaws.com', 'dynamodb.amazonaws.com'), text),
    eventName: fc.oneof(fc.constantFrom('GetObject', 'PutObject', 'Invoke', 'GetItem', 'ListObjects'), text, anyJson),
    awsRegion: fc.oneof(fc.constantFrom('us-east-1', 'eu-west-1'), text),
    requestParameters: anyJson,
    responseElements: anyJson,
    eventID: fc.oneof(fc.uuid(), text, anyJson),
    readOnly: fc.oneof(fc.boolean(), fc.constantFrom('true', 'false'), anyJson),
    resources: fc.oneof(fc.array(resource, { maxLength: 4 }), anyJson),
    eventType: fc.oneof(fc.constantFrom('AwsApiCall', 'AwsServiceEvent'), anyJson),
    managementEvent: fc.oneof(fc.boolean(), anyJson),
    recipientAccountId: fc.oneof(fc.constantFrom('111122223333'), text),
    eventCategory: fc.oneof(fc.constantFrom('Data', 'Management', 'NetworkActivity'), text),
    vpcEndpointId: fc.oneof(fc.constantFrom('vpce-0123456789abcdef0'), anyJson),
    errorCode: fc.oneof(fc.constantFrom('VpceAccessDenied', 'AccessDenied'), anyJson),
    tlsDetails: anyJson,
  },
  { requiredKeys: [] },
);

describe('projected log records (the fast path of trailcost sample)', () => {
  it('equal JSON.parse + projection for any records, however the JSON is written', () => {
    fc.assert(
      fc.property(fc.array(record, { maxLength: 8 }), fc.integer(), fc.boolean(), (records, seed, bare) => {
        const rnd = prng(seed);
        const doc = bare ? records : { Records: records, ...(rnd() < 0.5 ? { extra: { nested: [1, 'x'] } } : {}) };
        const buf = bytes(serialize(doc, rnd));
        expect(projectLogRecords(buf)).toStrictEqual(reference(buf));
      }),
      { numRuns: 400 },
    );
  });

  it('give null whenever JSON.parse rejects the text, and otherwise equal it (byte mutations of valid files)', () => {
    const base = bytes(JSON.stringify({ Records: [...fixture('s3-copy-delete-stratus.json'), ...fixture('lambda-invoke-awsteele.json')] }));
    const noise = [0x7b, 0x7d, 0x5b, 0x5d, 0x22, 0x2c, 0x3a, 0x5c, 0x20, 0x0a, 0x09, 0x00, 0x1f, 0x2d, 0x30, 0x65, 0x2e, 0x74, 0x6e, 0x75, 0xc3, 0xff];
    fc.assert(
      fc.property(
        fc.nat(base.length - 1),
        fc.constantFrom('truncate', 'delete', 'insert', 'replace'),
        fc.constantFrom(...noise),
        (at, how, byte) => {
          const m =
            how === 'truncate' ? base.subarray(0, at)
            : how === 'delete' ? Buffer.concat([base.subarray(0, at), base.subarray(at + 1)])
            : how === 'insert' ? Buffer.concat([base.subarray(0, at), Buffer.from([byte]), base.subarray(at)])
            : Buffer.concat([base.subarray(0, at), Buffer.from([byte]), base.subarray(at + 1)]);
          const ref = reference(m);
          const got = projectLogRecords(m);
          if (typeof ref === 'string') expect(got).toBeNull();
          else if (got !== null) expect(got).toStrictEqual(ref);
        },
      ),
      { numRuns: 3000 },
    );
  });

  it.each([
    ['a raw control character in a string', '{"Records":[{"eventName":"Get\u0001Object"}]}'],
    ['a raw newline in a string', '{"Records":[{"requestParameters":{"key":"a\nb"}}]}'],
    ['an unknown escape', '{"Records":[{"eventName":"\\x41"}]}'],
    ['a short \\u escape', '{"Records":[{"eventName":"\\u00e"}]}'],
    ['a leading zero', '{"Records":[{"n":01}]}'],
    ['a bare decimal point', '{"Records":[{"n":1.}]}'],
    ['a plus sign', '{"Records":[{"n":+1}]}'],
    ['an exponent without digits', '{"Records":[{"n":1e}]}'],
    ['a misspelt literal', '{"Records":[{"readOnly":ture}]}'],
    ['a trailing comma', '{"Records":[{"eventName":"GetObject",}]}'],
    ['a missing colon', '{"Records":[{"eventName" "GetObject"}]}'],
    ['text after the document', '{"Records":[]} x'],
    ['a second document', '{"Records":[]}{"Records":[]}'],
    ['a byte-order mark', '\ufeff{"Records":[]}'],
    ['a truncated file', '{"Records":[{"eventName":"GetObject"}'],
    ['an empty file', ''],
  ])('reject %s, as JSON.parse does', (_, t) => {
    expect(reference(bytes(t))).toBe('invalid');
    expect(projectLogRecords(bytes(t))).toBeNull();
  });

  it.each([
    ['one record (not a log file)', '{"eventName":"GetObject","eventSource":"s3.amazonaws.com"}'],
    ['Records that is not an array', '{"Records":{"eventName":"GetObject"}}'],
    ['a record that is not an object', '{"Records":[1]}'],
    ['no Records key', '{"records":[]}'],
    ['nesting deeper than the scanner follows', `{"Records":[{"x":${'['.repeat(300)}${']'.repeat(300)}}]}`],
  ])('leave %s to the general path', (_, t) => {
    expect(reference(bytes(t))).not.toBe('invalid');
    expect(projectLogRecords(bytes(t))).toBeNull();
  });

  it('read what JSON.parse reads: escapes, non-ASCII, numbers, duplicate keys, whitespace', () => {
    const t = `{ "Records" : [ {"eventName":"Bad"} ] , "Records":[
      { "event\\u004eame" : "Get\\u004fbject", "eventID": "\\ud83d\\ude00-1", "readOnly": true, "managementEvent": -0.5e+1,
        "resources": [ 7, {"ARN": "arn:aws:s3:::b/caf\u00e9/\u65e5\u672c/k", "ARN": "arn:aws:s3:::b/last", "type": "AWS::S3::Object"} ],
        "userIdentity": {"arn": null, "type": "Root"}, "eventTime": "2026-11-01T00:00:05Z" }
    ] }`;
    const got = projectLogRecords(bytes(t))!;
    expect(got).toStrictEqual(reference(bytes(t)));
    expect(got[0].eventName).toBe('GetObject');
    expect(got[0].eventID).toBe('😀-1');
    expect(got[0].managementEvent).toBe(-5);
    expect(got[0].resources).toEqual([7, { type: 'AWS::S3::Object', ARN: 'arn:aws:s3:::b/last', ARNPrefix: undefined, accountId: undefined }]);
    const wide = `[{"resources":[{"ARN":"arn:aws:s3:::b/caf\u00e9/\u65e5\u672c/k"}]}]`;
    expect(projectLogRecords(bytes(wide))![0].resources).toEqual([{ type: undefined, ARN: 'arn:aws:s3:::b/caf\u00e9/\u65e5\u672c/k', ARNPrefix: undefined, accountId: undefined }]);
  });

  it('reads every published record in the fixtures like JSON.parse', () => {
    for (const f of ALL_FIXTURES) {
      const buf = readFileSync(join(FIXTURES, f));
      expect(projectLogRecords(buf), f).toStrictEqual(reference(buf));
    }
  });

  it('repeated strings are kept once (a small cache, so almost always), event ids every time', () => {
    const recs = generateRecords({ seed: 3, count: 2000, start: Date.parse('2026-11-01T00:00:00Z'), spanMs: 60_000, callers: 5 });
    const e = encodeLogRecords(bytes(JSON.stringify({ Records: recs })))!;
    expect(e.count).toBe(2000);
    const strings = e.values.filter((v): v is string => typeof v === 'string');
    // Each of the 2,000 event ids is its own value, never looked up in the cache.
    const ids = new Set(recs.map((r) => r.eventID));
    expect(strings.filter((v) => ids.has(v))).toHaveLength(2000);
    // 2,000 records name their caller 2,000 times: the 5 caller ARNs are stored a handful of times at most.
    const callers = strings.filter((v) => /^arn:aws:sts/.test(v));
    expect(new Set(callers).size).toBe(5);
    expect(callers.length).toBeLessThan(20);
  });

  it('the aggregator gives the same sample from projected records as from whole records', () => {
    for (const seed of [1, 2, 3]) {
      const recs = generateRecords({ seed, count: 3000, start: Date.parse('2026-11-01T00:00:00Z'), spanMs: 86_400_000, callers: 12 });
      // Every 10th record delivered twice, as CloudTrail may.
      const all = [...recs, ...recs.filter((_, i) => i % 10 === 0), ...ALL_FIXTURES.flatMap((f) => fixture(f))];
      const buf = bytes(JSON.stringify({ Records: all }));
      const whole = new SampleAggregator({ maxPrefixesPerBucket: 3, callerSlots: 4, topCallers: 2 });
      for (const r of JSON.parse(buf.toString('utf8')).Records) whole.addRecord(r);
      const projected = new SampleAggregator({ maxPrefixesPerBucket: 3, callerSlots: 4, topCallers: 2 });
      for (const r of projectLogRecords(buf)!) projected.addRecord(r);
      expect(projected.result('t')).toStrictEqual(whole.result('t'));
      expect(projected.duplicates).toBe(300);
    }
  });
});
