/**
 * The S3 server access-log line parser and the operation → data event mapping (pure). Lines are written here with
 * an independent formatter (quote escaping, `-` for empty, extra trailing fields), and the parser must read back
 * what was written, whatever the field contents.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  accessLogTime, ACCESS_LOG_NAME, decodeKey, keyFolder, looksLikeAccessLog, parseAccessLogLine, partitionedSource, splitAccessLogLine,
} from '../../src/sample/access-log-line.js';
import { classifyOperation, classifyRequest } from '../../src/sample/access-log-ops.js';

/** The first record of AWS's "Amazon S3 server access log format" example (a bucket-level versioning read). */
const AWS_EXAMPLE = '79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be amzn-s3-demo-bucket1 [06/Feb/2019:00:00:38 +0000] 192.0.2.3 '
  + '79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be 3E57427F3EXAMPLE REST.GET.VERSIONING - "GET /amzn-s3-demo-bucket1?versioning HTTP/1.1" '
  + '200 - 113 - 7 - "-" "S3Console/0.4" - s9lzHYrFp76ZVxRcpX9+5cjAnEH2ROuNkd2BHfIa6UkFVdtjf5mKR3/eTPFvsiP/XV/VLi31234= SigV4 ECDHE-RSA-AES128-GCM-SHA256 '
  + 'AuthHeader amzn-s3-demo-bucket1.s3.us-west-1.amazonaws.com TLSV1.2 arn:aws:s3:us-west-1:123456789012:accesspoint/example-AP Yes us-east-1';

describe('parseAccessLogLine', () => {
  it("reads AWS's documented example, with the fields AWS added at the end", () => {
    expect(parseAccessLogLine(AWS_EXAMPLE)).toEqual({
      bucket: 'amzn-s3-demo-bucket1', time: '2019-02-06T00:00:38Z', requester: '79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be',
      requestId: '3E57427F3EXAMPLE', operation: 'REST.GET.VERSIONING', key: null, httpStatus: 200, errorCode: null,
    });
    // AWS's oldest format stops at the version ID (18 fields); the fields up to the error code are enough.
    expect(parseAccessLogLine(AWS_EXAMPLE.split(' ').slice(0, 19).join(' '))).toMatchObject({ operation: 'REST.GET.VERSIONING' });
    expect(parseAccessLogLine(`${AWS_EXAMPLE}\r`)).toMatchObject({ bucket: 'amzn-s3-demo-bucket1' });
  });

  it('says what is wrong with a line that is not a record', () => {
    expect(parseAccessLogLine('{"Records": []}')).toMatch(/no space after the field/);
    expect(parseAccessLogLine('owner bucket [06/Feb/2019:00:00:38 +0000] 192.0.2.3')).toMatch(/4 fields, expected at least 11/);
    expect(parseAccessLogLine(AWS_EXAMPLE.replace('[06/Feb/2019:00:00:38 +0000]', '[2019-02-06T00:00:38Z]'))).toMatch(/time/);
    expect(parseAccessLogLine(AWS_EXAMPLE.replace('REST.GET.VERSIONING', 'get-versioning'))).toMatch(/operation/);
    expect(parseAccessLogLine(AWS_EXAMPLE.replace(' 200 ', ' OK '))).toMatch(/HTTP status/);
    expect(parseAccessLogLine(AWS_EXAMPLE.replace('"GET /amzn-s3-demo-bucket1?versioning HTTP/1.1"', '"GET /x HTTP/1.1'))).toMatch(/unterminated quote|no space/);
    // Fields past the error code are not read (nor checked): a broken user agent does not lose the request.
    expect(parseAccessLogLine(AWS_EXAMPLE.replace('"S3Console/0.4"', '"S3Console/0.4'))).toMatchObject({ operation: 'REST.GET.VERSIONING' });
    expect(looksLikeAccessLog(`\n${AWS_EXAMPLE}\n`)).toBe(true);
    expect(looksLikeAccessLog('{"Records":[]}')).toBe(false);
  });

  it('times with an offset are turned to UTC', () => {
    expect(accessLogTime('06/Feb/2019:23:30:00 -0130')).toBe('2019-02-07T01:00:00Z');
    expect(accessLogTime('31/Feb/2019:00:00:00 +0000')).toBeNull();
    expect(accessLogTime('06/Foo/2019:00:00:00 +0000')).toBeNull();
  });

  // A formatter written here: AWS escapes `"` and `\` inside quoted fields and writes `-` for an empty field.
  const quote = (v: string) => `"${v.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
  const token = fc.stringMatching(/^[A-Za-z0-9:/=+.%_-]{1,30}$/).filter((s) => s !== '-');
  const free = fc.string({ unit: fc.constantFrom('a', ' ', '"', '\\', '[', ']', 'é', '-', '/') , maxLength: 20 });
  const record = fc.record({
    bucket: fc.stringMatching(/^[a-z0-9][a-z0-9.-]{2,20}$/),
    ms: fc.integer({ min: Date.UTC(2010, 0, 1), max: Date.UTC(2030, 0, 1) }).map((t) => Math.floor(t / 1000) * 1000),
    requester: fc.option(token, { nil: null }),
    requestId: fc.option(token, { nil: null }),
    operation: fc.constantFrom('REST.GET.OBJECT', 'REST.PUT.PART', 'BATCH.DELETE.OBJECT', 'S3.TRANSITION_INT.OBJECT', 'WEBSITE.GET.OBJECT'),
    key: fc.option(token, { nil: null }),
    uri: free,
    status: fc.option(fc.integer({ min: 100, max: 599 }), { nil: null }),
    error: fc.option(token, { nil: null }),
    agent: free,
    extra: fc.array(fc.oneof(token, free.map(quote)), { maxLength: 12 }),
  });
  const MON = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const time = (ms: number) => {
    const d = new Date(ms);
    const p = (n: number) => String(n).padStart(2, '0');
    return `[${p(d.getUTCDate())}/${MON[d.getUTCMonth()]}/${d.getUTCFullYear()}:${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000]`;
  };

  it('reads back any record written in the format (quotes, escapes, dashes, any number of trailing fields)', () => {
    fc.assert(fc.property(record, (r) => {
      const d = (v: string | null) => v ?? '-';
      const line = [
        'owner', r.bucket, time(r.ms), '192.0.2.1', d(r.requester), d(r.requestId), r.operation, d(r.key), quote(r.uri),
        r.status === null ? '-' : String(r.status), d(r.error), '1', '-', '2', '-', quote('-'), quote(r.agent), '-', ...r.extra,
      ].join(' ');
      expect(parseAccessLogLine(line)).toEqual({
        bucket: r.bucket, time: new Date(r.ms).toISOString().replace('.000Z', 'Z'), requester: r.requester, requestId: r.requestId,
        operation: r.operation, key: r.key, httpStatus: r.status, errorCode: r.error,
      });
      const fields = splitAccessLogLine(line) as string[];
      expect(fields[8]).toBe(r.uri);
      expect(fields[16]).toBe(r.agent);
      expect(fields.length).toBe(18 + r.extra.length);
    }), { numRuns: 400 });
  });
});

describe('keys and log object names', () => {
  it('keys are decoded once (a `+` stays), malformed escapes kept as logged; folders cut at `/`', () => {
    expect(decodeKey('reports/Q4%20summary/m%C3%A9dia+x.pdf')).toBe('reports/Q4 summary/média+x.pdf');
    expect(decodeKey('bad%E0%A4%A.txt')).toBe('bad%E0%A4%A.txt');
    expect(keyFolder('a/b/c/d.txt', 2)).toBe('a/b/');
    expect(keyFolder('a/b/c/d.txt', 0)).toBe('');
    expect(keyFolder('top.txt', 4)).toBe('');
    expect(keyFolder('a%2Fb/c.txt', 4)).toBe('a%2Fb/');
  });

  it("AWS's object names and the date-based layout's account, Region and bucket", () => {
    for (const n of ['logs/2026-11-20-10-15-32-0123456789ABCDEF', '2026-11-20-10-15-32-0123456789ABCDEF.gz', 'x/server.log']) expect(ACCESS_LOG_NAME.test(n), n).toBe(true);
    for (const n of ['logs/111122223333_CloudTrail_us-east-1_20261120T1015Z_a.json.gz', 'README.md', '2026-11-20.txt']) expect(ACCESS_LOG_NAME.test(n), n).toBe(false);
    expect(partitionedSource('s3://logs/pre/111122223333/eu-west-1/my.bucket/2026/11/20/2026-11-20-10-15-32-0123456789ABCDEF'))
      .toEqual({ account: '111122223333', region: 'eu-west-1', bucket: 'my.bucket' });
    expect(partitionedSource('/tmp/logs/2026-11-20-10-15-32-0123456789ABCDEF')).toBeNull();
  });
});

describe('which data event a request stands for', () => {
  const ev = (op: string, key = true) => {
    const o = classifyOperation(op, key);
    return o.kind === 'event' ? `${o.eventName}${o.eventType === 'AwsServiceEvent' ? ' (service)' : ''}${o.sure ? '' : ' ?'}` : `${o.why}`;
  };
  it('maps REST operations to the data event of the same API', () => {
    expect({
      get: ev('REST.GET.OBJECT'), put: ev('REST.PUT.OBJECT'), head: ev('REST.HEAD.OBJECT'), del: ev('REST.DELETE.OBJECT'),
      list: ev('REST.GET.BUCKET', false), versions: ev('REST.GET.BUCKETVERSIONS', false), headBucket: ev('REST.HEAD.BUCKET', false),
      create: ev('REST.POST.UPLOADS'), part: ev('REST.PUT.PART'), complete: ev('REST.POST.UPLOAD'), abort: ev('REST.DELETE.UPLOAD'),
      parts: ev('REST.GET.UPLOAD'), copy: ev('REST.COPY.OBJECT'), partCopy: ev('REST.COPY.PART'), multi: ev('REST.POST.MULTI_OBJECT_DELETE', false),
      batch: ev('BATCH.DELETE.OBJECT'), restore: ev('REST.POST.RESTORE'), select: ev('REST.POST.SELECT'),
      objectAcl: ev('REST.GET.ACL'), bucketAcl: ev('REST.GET.ACL', false), objectTags: ev('REST.PUT.TAGGING'), bucketTags: ev('REST.PUT.TAGGING', false),
      website: ev('WEBSITE.GET.OBJECT'), copySource: ev('REST.COPY.OBJECT_GET'), uploads: ev('REST.GET.UPLOADS', false),
      location: ev('REST.GET.LOCATION', false), lifecycle: ev('S3.EXPIRE.OBJECT'), preflight: ev('REST.OPTIONS.PREFLIGHT'),
      soap: ev('SOAP.GetObject'), newOp: ev('REST.GET.SOMETHING_NEW'),
    }).toEqual({
      get: 'GetObject', put: 'PutObject', head: 'HeadObject', del: 'DeleteObject', list: 'ListObjects', versions: 'ListObjectVersions',
      headBucket: 'HeadBucket', create: 'CreateMultipartUpload', part: 'UploadPart', complete: 'CompleteMultipartUpload',
      abort: 'AbortMultipartUpload', parts: 'ListParts', copy: 'CopyObject', partCopy: 'UploadPartCopy', multi: 'DeleteObjects',
      batch: 'DeleteObject (service)', restore: 'RestoreObject', select: 'SelectObjectContent', objectAcl: 'GetObjectAcl',
      bucketAcl: 'not-data', objectTags: 'PutObjectTagging', bucketTags: 'not-data', website: 'GetObject ?', copySource: 'not-data',
      uploads: 'not-data', location: 'not-data', lifecycle: 'not-data', preflight: 'not-data', soap: 'unmapped', newOp: 'unmapped',
    });
  });

  it('answers: failed authentication and 301 are not logged; 5xx, 307 and denied anonymous requests are uncertain', () => {
    const c = (status: number | null, error: string | null = null, anonymous = false) => {
      const o = classifyRequest('REST.GET.OBJECT', true, status, error, anonymous);
      return o.kind === 'event' ? (o.sure ? 'sure' : 'uncertain') : o.why;
    };
    expect([c(200), c(206), c(304), c(null), c(404, 'NoSuchKey'), c(403, 'AccessDenied'), c(412, 'PreconditionFailed')]).toEqual(Array(7).fill('sure'));
    expect([c(403, 'SignatureDoesNotMatch'), c(400, 'ExpiredToken'), c(403, 'InvalidAccessKeyId'), c(301, 'PermanentRedirect')]).toEqual(Array(4).fill('not-logged'));
    expect([c(500, 'InternalError'), c(503, 'SlowDown'), c(307, 'TemporaryRedirect'), c(403, 'AccessDenied', true)]).toEqual(Array(4).fill('uncertain'));
    // What is not a data event stays so whatever the answer.
    expect(classifyRequest('REST.GET.LOCATION', false, 503, 'SlowDown', false)).toMatchObject({ kind: 'apart', why: 'not-data' });
  });
});
