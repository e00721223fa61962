/** Storage Lens discovery: ListMetrics paging against the fake, parsing of dimension sets, one configuration a bucket. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { startFakeAws, type FakeAws } from '../fake-aws/server.js';
import { ClientFactory } from '../../src/collect/clients.js';
import { lensRequests, listLensSeries, parseLensSeries, pickLensSeries, type LensSeries } from '../../src/collect/storage-lens.js';

let aws: FakeAws;
beforeAll(async () => {
  aws = await startFakeAws({ seed: { seed: 11, buckets: 30, functions: 1, tables: 1, volumeSources: { storageLens: 0.6 } }, pageSize: 1 });
  process.env.AWS_ENDPOINT_URL = aws.endpoint;
});
afterAll(async () => {
  delete process.env.AWS_ENDPOINT_URL;
  await aws.close();
});

const SRC = { account: '111122223333', region: 'us-east-1' };
const dims = (o: Record<string, string>) => Object.entries(o).map(([Name, Value]) => ({ Name, Value }));
const BASE = { configuration_id: 'c', metrics_version: '1.0', aws_account_number: '444455556666', aws_region: 'eu-west-1', bucket_name: 'b-1', storage_class: 'STANDARD', record_type: 'BUCKET' };

describe('listLensSeries', () => {
  it('follows NextToken (page size 1) and finds every bucket series the management account publishes', async () => {
    const mgmt = aws.truth.organization.managementAccount;
    const f = new ClientFactory({ maxAttempts: 3, concurrency: 4 });
    f.setCredentials(mgmt, { accessKeyId: aws.env.AWS_ACCESS_KEY_ID, secretAccessKey: aws.env.AWS_SECRET_ACCESS_KEY });
    aws.resetStats();
    const got = await listLensSeries(f, mgmt, aws.truth.homeRegion);
    const want = aws.truth.volumeSources.lens.filter((s) => s.owner === mgmt && s.homeRegion === aws.truth.homeRegion);
    expect(want.length).toBeGreaterThan(2);
    expect(got.map((s) => `${s.bucket}|${s.storageClass}`).sort()).toEqual(want.map((s) => `${s.bucket.name}|${s.dims.storage_class}`).sort());
    expect(aws.stats['monitoring:ListMetrics']).toBe(want.length + (want.length > 0 ? 0 : 1));
    // The full dimension set comes back, so GetMetricData can name the series exactly (organization_id included).
    expect(got[0].dimensions.map((d) => d.Name)).toEqual(['aws_account_number', 'aws_region', 'bucket_name', 'configuration_id', 'metrics_version', 'organization_id', 'record_type', 'storage_class']);
    expect(lensRequests(got[0]).map((r) => [r.metricName, r.stat])).toContainEqual(['AllRequests', 'Average']);
  });
});

describe('parseLensSeries', () => {
  it('keeps bucket-level series only, with a valid account and Region', () => {
    expect(parseLensSeries(SRC, dims(BASE))).toMatchObject({ account: '444455556666', region: 'eu-west-1', bucket: 'b-1', configurationId: 'c', storageClass: 'STANDARD' });
    const { bucket_name: _b, ...account } = BASE;
    expect(parseLensSeries(SRC, dims(account))).toBeUndefined();
    expect(parseLensSeries(SRC, dims({ ...BASE, aws_account_number: '12345' }))).toBeUndefined();
    expect(parseLensSeries(SRC, dims({ ...BASE, aws_region: 'EU West' }))).toBeUndefined();
    expect(parseLensSeries(SRC, [...dims(BASE), { Name: 'x' }])!.dimensions).toHaveLength(7);
  });
});

describe('pickLensSeries', () => {
  const series = fc.record({
    cfg: fc.constantFrom('a', 'b', 'c'), owner: fc.constantFrom('111111111111', '222222222222'), bucket: fc.constantFrom('b1', 'b2', 'b3', 'b4'),
    sc: fc.constantFrom('STANDARD', 'STANDARD_IA'),
  }).map((x): LensSeries => ({
    source: { account: x.owner, region: 'us-east-1' }, configurationId: x.cfg, account: '333333333333', region: 'us-east-1',
    bucket: x.bucket, storageClass: x.sc, dimensions: [],
  }));
  it('one configuration per bucket, whatever the order; buckets outside the scan left out; no series twice', () => {
    fc.assert(fc.property(fc.array(series, { maxLength: 40 }), fc.subarray(['b1', 'b2', 'b3']), (all, scanned) => {
      const inv = new Set(scanned.map((b) => `333333333333/${b}`));
      const a = pickLensSeries(all, inv);
      const b = pickLensSeries([...all].reverse(), inv);
      const key = (s: LensSeries) => `${s.bucket}|${s.source.account}|${s.configurationId}|${s.storageClass}`;
      expect(new Set(a.series.map(key))).toEqual(new Set(b.series.map(key)));
      for (const name of new Set(a.series.map((s) => s.bucket))) {
        expect(scanned).toContain(name);
        expect(new Set(a.series.filter((s) => s.bucket === name).map((s) => `${s.source.account}|${s.configurationId}`)).size).toBe(1);
      }
      expect(new Set(a.series.map(key)).size).toBe(a.series.length);
      // Every scanned bucket some series covers is kept.
      expect(new Set(a.series.map((s) => s.bucket))).toEqual(new Set(all.filter((s) => scanned.includes(s.bucket)).map((s) => s.bucket)));
    }), { numRuns: 300 });
  });
});
