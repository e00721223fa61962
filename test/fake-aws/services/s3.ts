/**
 * S3 (restXml, path-style): ListBuckets (with BucketRegion, paged), ListBucketMetricsConfigurations (paged),
 * GetBucketTagging (NoSuchTagSet when a bucket has none), and,
 * over a folder of files (`s3Objects`: subfolders are buckets), ListObjectsV2 (prefix, paged, key order) and
 * GetObject (the file's bytes).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { AwsError, esc, pageOffset, pageToken, type WireResponse } from '../protocol.js';
import type { FakeContext, ServiceHandler } from '../server.js';
import type { Bucket } from '../../../src/model/snapshot.js';

const NS = 'http://s3.amazonaws.com/doc/2006-03-01/';

function filterXml(f: NonNullable<Bucket['metricsConfigurations'][number]['filter']>): string {
  const parts: string[] = [];
  if (f.prefix !== undefined) parts.push(`<Prefix>${esc(f.prefix)}</Prefix>`);
  for (const t of f.tags ?? []) parts.push(`<Tag><Key>${esc(t.key)}</Key><Value>${esc(t.value)}</Value></Tag>`);
  if (f.accessPointArn) parts.push(`<AccessPointArn>${esc(f.accessPointArn)}</AccessPointArn>`);
  return parts.length === 1 ? `<Filter>${parts[0]}</Filter>` : `<Filter><And>${parts.join('')}</And></Filter>`;
}

/** The bucket's folder, or NoSuchBucket. */
function bucketDir(ctx: FakeContext, bucket: string): string {
  const dir = ctx.s3Objects && join(ctx.s3Objects.root, bucket);
  if (!dir || !bucket || bucket.includes('..') || !statSync(dir, { throwIfNoEntry: false })?.isDirectory()) {
    throw new AwsError('NoSuchBucket', 'The specified bucket does not exist', 404);
  }
  return dir;
}

/** Every key under the bucket's folder, in S3's order (UTF-8 bytes; these keys are ASCII). */
function keysOf(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string, prefix: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(d, e.name), `${prefix}${e.name}/`);
      else out.push(`${prefix}${e.name}`);
    }
  };
  walk(dir, '');
  return out.sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
}

const s3: ServiceHandler = {
  signingName: 's3',
  protocol: 'restXml',
  throttle: { code: 'SlowDown', status: 503 },
  route(method, path, query) {
    if (method !== 'GET') return undefined;
    if (path === '/' || path === '') return 'ListBuckets';
    if (query.has('metrics') && !query.has('id')) return 'ListBucketMetricsConfigurations';
    if (query.has('tagging') && /^\/[^/]+\/?$/.test(path)) return 'GetBucketTagging';
    if (query.get('list-type') === '2') return 'ListObjectsV2';
    if (/^\/[^/]+\/./.test(path) && [...query.keys()].every((k) => k === 'x-id')) return 'GetObject';
    return undefined;
  },
  operations: {
    ListBuckets(req, ctx) {
      // ListBuckets is global: every bucket of the account, whatever Region the request was signed for.
      const all = ctx.truth.buckets.filter((b) => b.account === req.account);
      const max = ctx.pageSize(Number(req.query.get('max-buckets') ?? 10000) || 10000);
      const start = pageOffset(req.query.get('continuation-token'));
      const page = all.slice(start, start + max);
      const next = start + max < all.length ? pageToken(start + max) : undefined;
      const items = page.map((b) => `<Bucket><Name>${esc(b.name)}</Name><CreationDate>${b.creationDate}</CreationDate><BucketRegion>${b.region}</BucketRegion></Bucket>`).join('');
      return `<ListAllMyBucketsResult xmlns="${NS}"><Owner><ID>fake-owner-${req.account}</ID></Owner><Buckets>${items}</Buckets>${next ? `<ContinuationToken>${next}</ContinuationToken>` : ''}</ListAllMyBucketsResult>`;
    },
    ListBucketMetricsConfigurations(req, ctx) {
      const name = decodeURIComponent(req.path.replace(/^\//, '').replace(/\/$/, ''));
      const b = ctx.truth.buckets.find((x) => x.name === name);
      if (!b || b.account !== req.account) throw new AwsError('NoSuchBucket', 'The specified bucket does not exist', 404);
      if (b.region !== req.region) {
        throw new AwsError('PermanentRedirect', 'The bucket you are attempting to access must be addressed using the specified endpoint.', 301);
      }
      const max = ctx.pageSize(100);
      const start = pageOffset(req.query.get('continuation-token'));
      const page = b.metricsConfigurations.slice(start, start + max);
      const truncated = start + max < b.metricsConfigurations.length;
      const items = page.map((c) => `<MetricsConfiguration><Id>${esc(c.id)}</Id>${c.filter ? filterXml(c.filter) : ''}</MetricsConfiguration>`).join('');
      const tok = req.query.get('continuation-token');
      return `<ListMetricsConfigurationsResult xmlns="${NS}"><IsTruncated>${truncated}</IsTruncated>${tok ? `<ContinuationToken>${esc(tok)}</ContinuationToken>` : ''}${truncated ? `<NextContinuationToken>${pageToken(start + max)}</NextContinuationToken>` : ''}${items}</ListMetricsConfigurationsResult>`;
    },
    GetBucketTagging(req, ctx) {
      const name = decodeURIComponent(req.path.replace(/^\//, '').replace(/\/$/, ''));
      const b = ctx.truth.buckets.find((x) => x.name === name);
      if (!b || b.account !== req.account) throw new AwsError('NoSuchBucket', 'The specified bucket does not exist', 404);
      if (b.region !== req.region) {
        throw new AwsError('PermanentRedirect', 'The bucket you are attempting to access must be addressed using the specified endpoint.', 301);
      }
      // A bucket without tags answers 404 NoSuchTagSet, as S3 does (not an empty TagSet).
      if (!b.tags?.length) throw new AwsError('NoSuchTagSet', 'The TagSet does not exist', 404);
      const tags = b.tags.map((t) => `<Tag><Key>${esc(t.key)}</Key><Value>${esc(t.value)}</Value></Tag>`).join('');
      return `<Tagging xmlns="${NS}"><TagSet>${tags}</TagSet></Tagging>`;
    },
    ListObjectsV2(req, ctx) {
      const bucket = decodeURIComponent(req.path.split('/')[1] ?? '');
      const dir = bucketDir(ctx, bucket);
      const prefix = req.query.get('prefix') ?? '';
      const all = keysOf(dir).filter((k) => k.startsWith(prefix));
      const max = ctx.pageSize(Number(req.query.get('max-keys') ?? 1000) || 1000);
      const tok = req.query.get('continuation-token');
      const start = pageOffset(tok);
      const page = all.slice(start, start + max);
      const truncated = start + max < all.length;
      const items = page.map((k) => {
        const st = statSync(join(dir, k));
        return `<Contents><Key>${esc(k)}</Key><LastModified>${st.mtime.toISOString()}</LastModified><ETag>&quot;${st.size.toString(16)}&quot;</ETag><Size>${st.size}</Size><StorageClass>STANDARD</StorageClass></Contents>`;
      }).join('');
      return `<ListBucketResult xmlns="${NS}"><Name>${esc(bucket)}</Name><Prefix>${esc(prefix)}</Prefix><KeyCount>${page.length}</KeyCount><MaxKeys>${max}</MaxKeys><IsTruncated>${truncated}</IsTruncated>${items}${tok ? `<ContinuationToken>${esc(tok)}</ContinuationToken>` : ''}${truncated ? `<NextContinuationToken>${pageToken(start + max)}</NextContinuationToken>` : ''}</ListBucketResult>`;
    },
    GetObject(req, ctx): WireResponse {
      const [, bucketPart, ...keyParts] = req.path.split('/');
      const bucket = decodeURIComponent(bucketPart);
      const key = keyParts.map(decodeURIComponent).join('/');
      const dir = bucketDir(ctx, bucket);
      if (ctx.s3Objects!.deny.has(`${bucket}/${key}`)) throw new AwsError('AccessDenied', 'Access Denied', 403);
      const file = join(dir, key);
      if (key.split('/').includes('..') || !statSync(file, { throwIfNoEntry: false })?.isFile()) {
        throw new AwsError('NoSuchKey', 'The specified key does not exist.', 404);
      }
      const body = readFileSync(file);
      return { status: 200, headers: { 'content-type': 'application/octet-stream', etag: `"${body.length.toString(16)}"`, 'last-modified': statSync(file).mtime.toUTCString() }, body };
    },
  },
};
export default s3;
