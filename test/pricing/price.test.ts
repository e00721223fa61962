import { describe, expect, it } from 'vitest';
import { priceDelivery } from '../../src/pricing/price.js';
import { PriceBookSchema } from '../../src/pricing/book.js';
import { parseUsageType } from '../../src/pricing/usage-types.js';
import { createEstimator } from '../../src/estimate/estimator.js';
import { inputFromYaml, priceBook } from '../estimate/helpers.js';

const book = priceBook();

describe('priceDelivery against published figures', () => {
  it('100,000 extra management events cost $2.00', () => {
    expect(priceDelivery(book, { price: 'cloudtrail.managementEvents.extraCopy', quantity: 100_000 }).usd).toBeCloseTo(2.0, 10);
  });
  it('200,000 data events cost $0.20', () => {
    expect(priceDelivery(book, { price: 'cloudtrail.dataEvents', quantity: 200_000 }).usd).toBeCloseTo(0.2, 10);
  });
  it('first copies of management events are free', () => {
    expect(priceDelivery(book, { price: 'cloudtrail.managementEvents.firstCopy', quantity: 5_000_000 }).usd).toBe(0);
  });
  it.each([
    [1_000, 2_500],
    [5_000, 12_500],
    [6_000, 12_500 + 1_000],
    [25_000, 12_500 + 20_000],
    [26_000, 12_500 + 20_000 + 500],
    [30_000, 12_500 + 20_000 + 2_500],
  ])('Lake seven-year ingestion of %d GB costs $%d (tiers at 5 TB and 25 TB)', (gb, usd) => {
    expect(priceDelivery(book, { price: 'lake.ingest.sevenYear', quantity: gb }).usd).toBeCloseTo(usd, 6);
  });
  it('Athena bills $5 per TB with a 10 MB minimum per query', () => {
    expect(priceDelivery(book, { price: 'athena.query', quantity: 1000 }).usd).toBeCloseTo(5, 10);
    // 100 queries of 1 MB each are billed as 100 × 10 MB = 1 GB.
    expect(priceDelivery(book, { price: 'athena.query', quantity: 0.1, calls: 100 }).usd).toBeCloseTo(0.005, 10);
  });
  it('Lake queries cost $0.005 per GB scanned', () => {
    expect(priceDelivery(book, { price: 'lake.query', quantity: 200 }).usd).toBeCloseTo(1, 10);
  });
  it('Region overrides apply where the book has them', () => {
    const b = PriceBookSchema.parse({ ...book, prices: book.prices.map((p) => (p.id === 's3.storage.standard' ? { ...p, regionOverrides: { 'eu-central-1': 0.0245 } } : p)) });
    expect(priceDelivery(b, { price: 's3.storage.standard', quantity: 100, region: 'eu-central-1' }).usd).toBeCloseTo(2.45, 10);
    expect(priceDelivery(b, { price: 's3.storage.standard', quantity: 100, region: 'us-east-1' }).usd).toBeCloseTo(2.3, 10);
  });
  it('an unknown price id is an error', () => {
    expect(() => priceDelivery(book, { price: 'nope.price', quantity: 1 })).toThrow(/no price "nope.price"/);
  });
});

describe('a month priced end to end', () => {
  it('150,000 management events on two trails and 2M data events on one cost $3 + $2', () => {
    const input = inputFromYaml(`
name: month
inventory:
  accounts: [{ id: "111122223333" }]
  buckets:
    - { account: "111122223333", region: us-east-1, name: data-bucket, events: { GetObject: 2000000 } }
managementEvents: [{ account: "111122223333", region: us-east-1, events: 150000 }]
trails:
  - name: first
    account: "111122223333"
    homeRegion: us-east-1
    multiRegion: false
    organization: false
    s3Bucket: logs-a
    selectors: { kind: basic, selectors: [{ ReadWriteType: All, IncludeManagementEvents: true }] }
  - name: second
    account: "111122223333"
    homeRegion: us-east-1
    multiRegion: false
    organization: false
    s3Bucket: logs-b
    selectors:
      kind: basic
      selectors:
        - { ReadWriteType: All, IncludeManagementEvents: true, DataResources: [{ Type: "AWS::S3::Object", Values: ["arn:aws:s3:::data-bucket/"] }] }
`);
    const r = createEstimator(input).result();
    const ct = (name: string) => r.trails.find((t) => t.name === name)!.byDestination.cloudtrail!;
    expect(ct('first').high).toBeCloseTo(0, 10);
    expect(r.trails.find((t) => t.name === 'second')!.lines.find((l) => l.price === 'cloudtrail.managementEvents.extraCopy')!.usd.high).toBeCloseTo(3, 10);
    expect(r.trails.find((t) => t.name === 'second')!.lines.find((l) => l.price === 'cloudtrail.dataEvents')!.usd.high).toBeCloseTo(2, 10);
    expect(ct('second').low).toBeCloseTo(5, 10);
  });
});

describe('usage types', () => {
  it.each([
    ['USE1-DataEventsRecorded', 'us-east-1', 'DataEventsRecorded'],
    ['EU-PaidEventsRecorded', 'eu-west-1', 'PaidEventsRecorded'],
    ['APS3-FreeEventsRecorded', 'ap-south-1', 'FreeEventsRecorded'],
    ['USW2-Ingestion-Bytes-1yearstore-Live-CloudTrail-Logs', 'us-west-2', 'Ingestion-Bytes-1yearstore-Live-CloudTrail-Logs'],
    ['EUC1-Ingestion-Bytes', 'eu-central-1', 'Ingestion-Bytes'],
  ])('%s → %s %s (matched on the suffix)', (u, region, suffix) => {
    expect(parseUsageType(u)).toMatchObject({ region, suffix });
  });
  it('an unknown usage type is not recognized', () => {
    expect(parseUsageType('USE1-TimedStorage-ByteHrs')).toBeNull();
  });
});
