/**
 * Bucket tags (S3 GetBucketTagging), for `trailcost init`'s keep suggestions (a tag that names a data
 * classification). A bucket without tags answers NoSuchTagSet: that is "no tags", not a failure. Any other error
 * (AccessDenied from a bucket policy, a denied Region) is a gap and the tags stay unknown (absent), never [].
 */
import { GetBucketTaggingCommand } from '@aws-sdk/client-s3';
import type { Bucket } from '../model/snapshot.js';
import type { ClientFactory } from './clients.js';
import type { GapLog } from './gaps.js';
import type { ListedBucket } from './s3.js';

export type BucketTags = NonNullable<Bucket['tags']>;

/** The bucket's tags; [] when it has none; undefined when they could not be read (recorded in `gaps`). */
export async function readBucketTags(clients: ClientFactory, account: string, bucket: ListedBucket, gaps: GapLog): Promise<BucketTags | undefined> {
  const s3 = clients.get('s3', account, bucket.region);
  try {
    const out = await s3.send(new GetBucketTaggingCommand({ Bucket: bucket.name }));
    return (out.TagSet ?? []).map((t) => ({ key: t.Key ?? '', value: t.Value ?? '' }));
  } catch (err) {
    if ((err as { name?: string }).name === 'NoSuchTagSet') return [];
    gaps.record({ service: 's3', operation: 'GetBucketTagging', account, region: bucket.region, resource: bucket.name }, err);
    return undefined;
  }
}
