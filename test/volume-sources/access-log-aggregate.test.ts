/**
 * Access-log requests → sample → model (pure). The property: requests read one by one (a local read) and the same
 * requests grouped as the Athena query groups them give the same sample. Then: uncertain requests make a range in
 * the model, samples of different kinds are never added together, and the query text is safe.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { AccessLogAggregator, type AccessLogGroup } from '../../src/sample/access-log-aggregate.js';
import { keyFolder, type AccessLogRequest } from '../../src/sample/access-log-line.js';
import { accessLogSql, parseAccessLogRows } from '../../src/sample/access-log-sql.js';
import { buildModel } from '../../src/model/build.js';
import { DEFAULT_ASSUMPTIONS } from '../../src/model/assumptions.js';
import { emptyDeclared } from '../../src/model/declared.js';
import { emptySnapshot, type Sample, type Snapshot } from '../../src/model/snapshot.js';

const T0 = Date.UTC(2026, 10, 20);
const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');

const request = fc.record({
  bucket: fc.constantFrom('b-one', 'b.two'),
  t: fc.integer({ min: 0, max: 2 * 86_400 - 1 }).map((s) => T0 + s * 1000),
  requester: fc.constantFrom(null, 'arn:aws:iam::111122223333:user/a', 'arn:aws:sts::111122223333:assumed-role/r/s'),
  requestId: fc.option(fc.constantFrom('R1', 'R2', 'R3', 'R4', 'R5', 'R6'), { nil: null, freq: 6 }),
  operation: fc.constantFrom('REST.GET.OBJECT', 'REST.PUT.OBJECT', 'REST.GET.BUCKET', 'REST.GET.ACL', 'BATCH.DELETE.OBJECT', 'S3.EXPIRE.OBJECT', 'WEBSITE.GET.OBJECT', 'REST.NEW.THING'),
  key: fc.option(fc.constantFrom('a/b/c/d/e.txt', 'a/x.txt', 'top.txt', 'a%2Fb/c.txt', 'm%C3%A9dia/x', 'a/b/'), { nil: null }),
  status: fc.constantFrom(200, 206, 304, 404, 403, 301, 307, 500, 503, null),
  error: fc.constantFrom(null, 'AccessDenied', 'SignatureDoesNotMatch', 'SlowDown'),
});

type Req = typeof request extends fc.Arbitrary<infer T> ? T : never;

function toRequest(r: Req): AccessLogRequest {
  return { bucket: r.bucket, time: iso(r.t), requester: r.requester, requestId: r.requestId, operation: r.operation, key: r.key, httpStatus: r.status, errorCode: r.error };
}

/** The Athena query's grouping, written here: distinct request ID + operation + key per group, lines counted. */
function grouped(reqs: AccessLogRequest[], depth: number): AccessLogGroup[] {
  const groups = new Map<string, AccessLogGroup & { ids: Set<string>; unnamed: number }>();
  for (const r of reqs) {
    const folder = r.key === null ? null : keyFolder(r.key, depth);
    const k = JSON.stringify([r.bucket, folder, r.operation, r.httpStatus, r.errorCode, r.requester]);
    let g = groups.get(k);
    if (!g) {
      g = { bucket: r.bucket, folder, operation: r.operation, httpStatus: r.httpStatus, errorCode: r.errorCode, requester: r.requester, requests: 0, lines: 0, firstTime: r.time, lastTime: r.time, ids: new Set(), unnamed: 0 };
      groups.set(k, g);
    }
    if (r.requestId === null) g.unnamed++;
    else g.ids.add(`${r.requestId}|${r.operation}|${r.key ?? ''}`);
    g.lines++;
    if (r.time < g.firstTime!) g.firstTime = r.time;
    if (r.time > g.lastTime!) g.lastTime = r.time;
  }
  return [...groups.values()].map(({ ids, unnamed, ...g }) => ({ ...g, requests: ids.size + unnamed, firstTime: `${g.firstTime!.slice(0, -1)}.000Z`, lastTime: `${g.lastTime!.slice(0, -1)}.000Z` }));
}

const comparable = (s: Sample) => ({ window: s.window, records: s.records, duplicates: s.duplicates, rows: s.rows, notEvents: s.notEvents, nonData: s.nonData });

describe('AccessLogAggregator', () => {
  it('one by one or grouped as the Athena query groups them: the same sample', () => {
    fc.assert(fc.property(fc.array(request, { minLength: 1, maxLength: 120 }), fc.integer({ min: 0, max: 4 }), (rs, depth) => {
      const reqs = rs.map(toRequest);
      const limits = { maxDepth: depth, topCallers: 5 };
      const one = new AccessLogAggregator(limits);
      for (const r of reqs) one.addRequest(r);
      const many = new AccessLogAggregator(limits);
      // Group order must not matter either.
      for (const g of grouped(reqs, depth).reverse()) many.addGroup(g);
      const win = { start: iso(T0), end: iso(T0 + 2 * 86_400_000) };
      expect(comparable(many.result('g', win))).toEqual(comparable(one.result('l', win)));
      // What is placed adds up: sure + uncertain + apart = distinct requests.
      const s = one.result('l', win);
      const placed = s.rows.reduce((a, r) => a + r.count + (r.uncertain ?? 0), 0);
      expect(placed + (s.nonData ?? 0)).toBe(one.requests);
    }), { numRuns: 300 });
  });

  it('folds uncertain requests into their class, keeps a row for uncertain-only classes, decodes after cutting folders', () => {
    const a = new AccessLogAggregator({ maxDepth: 3 });
    const base = { bucket: 'bkt', time: iso(T0), requester: null, errorCode: null } as const;
    a.addRequest({ ...base, requestId: '1', operation: 'REST.GET.OBJECT', key: 'a%2Fb/k', httpStatus: 200 });
    a.addRequest({ ...base, requestId: '2', operation: 'REST.GET.OBJECT', key: 'a%2Fb/k', httpStatus: 503, errorCode: 'SlowDown' });
    a.addRequest({ ...base, requestId: '2', operation: 'REST.GET.OBJECT', key: 'a%2Fb/k', httpStatus: 503, errorCode: 'SlowDown' });
    a.addRequest({ ...base, requestId: '3', operation: 'REST.PUT.OBJECT', key: 'a%2Fb/k', httpStatus: 500 });
    const s = a.result('t', { start: iso(T0), end: iso(T0 + 3_600_000) });
    expect(s.rows.map((r) => [r.arn, r.eventName, r.count, r.uncertain])).toEqual([
      // `a%2Fb/` is one folder (cut where the log has `/`), then decoded.
      ['arn:aws:s3:::bkt/a/b/', 'GetObject', 1, 1],
      ['arn:aws:s3:::bkt/a/b/', 'PutObject', 0, 1],
    ]);
    expect(s.duplicates).toBe(1);
    expect(s.kind).toBe('access-log');
  });
});

describe('the model from an access-log sample', () => {
  const snap = (samples: Sample[]): Snapshot => {
    const s = emptySnapshot({ generatedAt: iso(T0), source: { tool: 't', kind: 'sample' }, window: { start: iso(T0), end: iso(T0 + 730 * 3_600_000) } });
    s.accounts = [{ id: '111122223333' }];
    s.regions = ['us-east-1'];
    s.buckets = [{ account: '111122223333', region: 'us-east-1', name: 'bkt', metricsConfigurations: [] }];
    s.samples = samples;
    return s;
  };
  const month = { start: iso(T0), end: iso(T0 + 730 * 3_600_000) };
  const row = (arn: string, eventName: string, count: number, uncertain?: number) => ({
    resourceType: 'AWS::S3::Object', arn, eventName, readOnly: eventName.startsWith('Get'), eventType: 'AwsApiCall', count, ...(uncertain ? { uncertain } : {}),
  });
  const access: Sample = { source: 'access', kind: 'access-log', window: month, records: 30, duplicates: 0, rows: [row('arn:aws:s3:::bkt/', 'GetObject', 10, 5), row('arn:aws:s3:::bkt/p/', 'GetObject', 20, 1)] };

  it('gives a range from the sure count to sure + uncertain, with its own provenance, prefixes included', () => {
    const m = buildModel(snap([access]), { declared: emptyDeclared(), assumptions: DEFAULT_ASSUMPTIONS });
    const bucket = m.nodes.get('s3:arn:aws:s3:::bkt/')!;
    const prefix = m.nodes.get('s3:arn:aws:s3:::bkt/p/')!;
    expect(bucket.classes.map((c) => c.volume)).toEqual([{ events: 10, low: 10, high: 15, provenance: 'access-log' }]);
    expect(prefix.classes.map((c) => c.volume)).toEqual([{ events: 20, low: 20, high: 21, provenance: 'access-log' }]);
    expect(bucket.classes[0].assumption).toMatch(/server access logs.*best-effort/);
  });

  it('a CloudTrail sample of the same bucket is closer: used alone, the disagreement said when large', () => {
    const trail: Sample = { source: 'logs', window: month, records: 100, duplicates: 0, rows: [row('arn:aws:s3:::bkt/', 'GetObject', 100)] };
    const m = buildModel(snap([access, trail]), { declared: emptyDeclared(), assumptions: DEFAULT_ASSUMPTIONS });
    expect(m.nodes.get('s3:arn:aws:s3:::bkt/')!.classes.map((c) => c.volume)).toEqual([{ events: 100, low: 100, high: 100, provenance: 'sample' }]);
    expect(m.nodes.has('s3:arn:aws:s3:::bkt/p/')).toBe(false);
    expect(m.notes.filter((n) => n.code === 'volume-sources-disagree').map((n) => n.message)).toEqual([
      'bkt: sample gives 100 events a month, access-log 30 (70% apart); sample used',
    ]);
  });
});

describe('the Athena query', () => {
  const o = { database: 's3_access_logs_db', table: 'mybucket_logs', window: { start: '2026-11-01T00:00:00Z', end: '2026-11-08T00:00:00Z' }, maxDepth: 3, topCallers: 5, partitionColumn: 'timestamp' };
  it('widens the partition filter by a day each side, cuts the time exactly, ranks requesters', () => {
    const sql = accessLogSql(o);
    expect(sql).toContain(`"timestamp" BETWEEN '2026/10/31' AND '2026/11/08'`);
    expect(sql).toContain(`request_time >= from_iso8601_timestamp('2026-11-01T00:00:00Z') AND request_time < from_iso8601_timestamp('2026-11-08T00:00:00Z')`);
    expect(sql).toContain(`regexp_extract(key, '^(?:[^/]*/){0,3}')`);
    expect(sql).toContain('requester_rank <= 5');
    expect(accessLogSql({ ...o, partitionColumn: null })).not.toContain('BETWEEN');
  });
  it('refuses names that are not plain identifiers, and rows it cannot read', () => {
    expect(() => accessLogSql({ ...o, table: 'x"; DROP' })).toThrow(/not a plain identifier/);
    expect(() => accessLogSql({ ...o, maxDepth: 40 })).toThrow(/depth/);
    expect(() => parseAccessLogRows([{ bucket: 'b', operation: 'REST.GET.OBJECT', requests: 'x', lines: '1' }])).toThrow(/row 1: column requests is not a count/);
    expect(() => parseAccessLogRows([{ bucket: 'b', operation: 'REST.GET.OBJECT', requests: '1', lines: '1', http_status: 'OK' }])).toThrow(/http_status/);
    expect(parseAccessLogRows([{ bucket: 'b', key_folder: '', operation: 'REST.GET.OBJECT', http_status: '-', requests: '2', lines: '3' }])[0])
      .toMatchObject({ folder: '', httpStatus: null, requests: 2, lines: 3, requester: null });
  });
});
