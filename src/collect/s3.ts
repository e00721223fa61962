/** S3 inventory: buckets with their Region (ListBuckets), and each bucket's request-metrics configurations. */
import { ListBucketMetricsConfigurationsCommand, ListBucketsCommand, type MetricsConfiguration } from '@aws-sdk/client-s3';
import type { Bucket } from '../model/snapshot.js';
import type { ClientFactory } from './clients.js';

export interface ListedBucket { name: string; region: string }

/** All buckets of the account (ListBuckets is global; BucketRegion says where each lives), paged. */
export async function listBuckets(clients: ClientFactory, account: string, region: string): Promise<ListedBucket[]> {
  const s3 = clients.get('s3', account, region);
  const out: ListedBucket[] = [];
  let token: string | undefined;
  do {
    const page = await s3.send(new ListBucketsCommand({ MaxBuckets: 10_000, ContinuationToken: token }));
    for (const b of page.Buckets ?? []) if (b.Name) out.push({ name: b.Name, region: b.BucketRegion || 'us-east-1' });
    token = page.ContinuationToken || undefined;
  } while (token);
  return out;
}

function toFilter(c: MetricsConfiguration): Bucket['metricsConfigurations'][number]['filter'] {
  const f = c.Filter;
  if (!f) return undefined;
  const and = f.And;
  const prefix = f.Prefix ?? and?.Prefix;
  const tags = [...(f.Tag ? [f.Tag] : []), ...(and?.Tags ?? [])].map((t) => ({ key: t.Key ?? '', value: t.Value ?? '' }));
  const accessPointArn = f.AccessPointArn ?? and?.AccessPointArn;
  const out: NonNullable<Bucket['metricsConfigurations'][number]['filter']> = {};
  if (prefix !== undefined) out.prefix = prefix;
  if (tags.length) out.tags = tags;
  if (accessPointArn) out.accessPointArn = accessPointArn;
  return Object.keys(out).length ? out : undefined;
}

/** The bucket's request-metrics configurations (100 a page), so the scan learns the real FilterIds. */
export async function listMetricsConfigurations(clients: ClientFactory, account: string, bucket: ListedBucket): Promise<Bucket['metricsConfigurations']> {
  const s3 = clients.get('s3', account, bucket.region);
  const out: Bucket['metricsConfigurations'] = [];
  let token: string | undefined;
  do {
    const page = await s3.send(new ListBucketMetricsConfigurationsCommand({ Bucket: bucket.name, ContinuationToken: token }));
    for (const c of page.MetricsConfigurationList ?? []) {
      if (!c.Id) continue;
      const filter = toFilter(c);
      out.push(filter ? { id: c.Id, filter } : { id: c.Id });
    }
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return out;
}
