/** S3 (restXml, path-style): ListBuckets (with BucketRegion, paged) and ListBucketMetricsConfigurations (paged). */
import { AwsError, esc, pageOffset, pageToken } from '../protocol.js';
import type { ServiceHandler } from '../server.js';
import type { Bucket } from '../../../src/model/snapshot.js';

const NS = 'http://s3.amazonaws.com/doc/2006-03-01/';

function filterXml(f: NonNullable<Bucket['metricsConfigurations'][number]['filter']>): string {
  const parts: string[] = [];
  if (f.prefix !== undefined) parts.push(`<Prefix>${esc(f.prefix)}</Prefix>`);
  for (const t of f.tags ?? []) parts.push(`<Tag><Key>${esc(t.key)}</Key><Value>${esc(t.value)}</Value></Tag>`);
  if (f.accessPointArn) parts.push(`<AccessPointArn>${esc(f.accessPointArn)}</AccessPointArn>`);
  return parts.length === 1 ? `<Filter>${parts[0]}</Filter>` : `<Filter><And>${parts.join('')}</And></Filter>`;
}

const s3: ServiceHandler = {
  signingName: 's3',
  protocol: 'restXml',
  throttle: { code: 'SlowDown', status: 503 },
  route(method, path, query) {
    if (method !== 'GET') return undefined;
    if (path === '/' || path === '') return 'ListBuckets';
    if (query.has('metrics') && !query.has('id')) return 'ListBucketMetricsConfigurations';
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
  },
};
export default s3;
