/**
 * GetBucketTagging against the local fake, through the real S3 client: the REST-XML request, the TagSet as the SDK
 * parses it, NoSuchTagSet read as "no tags", AccessDenied recorded as a gap (tags unknown, not []).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GetBucketTaggingCommand, S3Client } from '@aws-sdk/client-s3';
import { startFakeAws, type FakeAws } from '../fake-aws/server.js';
import { ClientFactory } from '../../src/collect/clients.js';
import { GapLog } from '../../src/collect/gaps.js';
import { readBucketTags } from '../../src/collect/bucket-tags.js';

type Seen = { operation: string; method: string; path: string };
const seen: Seen[] = [];
let aws: FakeAws;
let factory: ClientFactory;
const saved = process.env.AWS_ENDPOINT_URL;

beforeAll(async () => {
  aws = await startFakeAws({ seed: { buckets: 12, functions: 1, tables: 1 }, onRequest: (r) => seen.push(r) });
  // The factory resolves the endpoint as the scan does: from AWS_ENDPOINT_URL (and then uses path-style S3).
  process.env.AWS_ENDPOINT_URL = aws.endpoint;
  factory = new ClientFactory({ maxAttempts: 1, concurrency: 4 });
  for (const a of aws.truth.accounts) {
    factory.setCredentials(a.id, { accessKeyId: a.id === aws.truth.organization.managementAccount ? aws.env.AWS_ACCESS_KEY_ID : `ASIA${a.id}FAKE`, secretAccessKey: 'x' });
  }
});
afterAll(async () => {
  if (saved === undefined) delete process.env.AWS_ENDPOINT_URL;
  else process.env.AWS_ENDPOINT_URL = saved;
  await aws.close();
});

const tagged = () => aws.truth.buckets.find((b) => (b.tags?.length ?? 0) > 1)!;
const untagged = () => aws.truth.buckets.find((b) => !b.tags)!;

describe('GetBucketTagging', () => {
  it('is a path-style GET /<bucket>?tagging, and the SDK reads the TagSet', async () => {
    const b = tagged();
    const s3 = new S3Client({ region: b.region, endpoint: aws.endpoint, forcePathStyle: true, maxAttempts: 1, credentials: { accessKeyId: `ASIA${b.account}FAKE`, secretAccessKey: 'x' } });
    const out = await s3.send(new GetBucketTaggingCommand({ Bucket: b.name }));
    expect(seen[seen.length - 1]).toMatchObject({ method: 'GET', operation: 'GetBucketTagging' });
    expect(seen[seen.length - 1].path).toMatch(new RegExp(`^/${b.name}/?$`));
    expect(out.TagSet).toEqual(b.tags!.map((t) => ({ Key: t.key, Value: t.value })));
  });

  it('readBucketTags: the tags; [] on NoSuchTagSet; no gap', async () => {
    const gaps = new GapLog();
    const b = tagged();
    expect(await readBucketTags(factory, b.account, { name: b.name, region: b.region }, gaps)).toEqual(b.tags);
    const u = untagged();
    expect(await readBucketTags(factory, u.account, { name: u.name, region: u.region }, gaps)).toEqual([]);
    expect(gaps.list()).toEqual([]);
  });

  it('readBucketTags: a non-ASCII value arrives intact', async () => {
    const b = aws.truth.buckets.find((x) => x.tags?.some((t) => /[^\x20-\x7e]/.test(t.value)))!;
    expect(await readBucketTags(factory, b.account, { name: b.name, region: b.region }, new GapLog())).toEqual(b.tags);
  });

  it('readBucketTags: AccessDenied is a gap and the tags stay unknown (undefined, never [])', async () => {
    aws.faults.denyOperations = ['s3:GetBucketTagging'];
    try {
      const gaps = new GapLog();
      const b = tagged();
      expect(await readBucketTags(factory, b.account, { name: b.name, region: b.region }, gaps)).toBeUndefined();
      expect(gaps.list()).toEqual([expect.objectContaining({ service: 's3', operation: 'GetBucketTagging', error: 'AccessDenied', resource: b.name, account: b.account })]);
    } finally {
      aws.faults.denyOperations = [];
    }
  });
});
