/**
 * Protocol guards: each SDK client's request must look as the fake (and aws-facts §6) expects. An SDK upgrade that
 * changes a client's protocol (CloudWatch went from awsQuery to awsJson1_0 in 3.949.0) fails here, loudly.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloudTrailClient, ListTrailsCommand } from '@aws-sdk/client-cloudtrail';
import { CloudWatchClient, GetMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { CostExplorerClient, GetCostAndUsageCommand } from '@aws-sdk/client-cost-explorer';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { LambdaClient, ListFunctionsCommand } from '@aws-sdk/client-lambda';
import { OrganizationsClient, ListAccountsCommand } from '@aws-sdk/client-organizations';
import { ListBucketMetricsConfigurationsCommand, ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { startFakeAws, type FakeAws } from './server.js';

type Seen = { service: string; operation: string; method: string; path: string; headers: Record<string, string | string[] | undefined> };
const seen: Seen[] = [];
let aws: FakeAws;
let cfg: { region: string; endpoint: string; credentials: { accessKeyId: string; secretAccessKey: string }; maxAttempts: number };

beforeAll(async () => {
  aws = await startFakeAws({ seed: { buckets: 12, functions: 3, tables: 3 }, onRequest: (r) => seen.push(r) });
  cfg = { region: 'us-east-1', endpoint: aws.endpoint, credentials: { accessKeyId: aws.env.AWS_ACCESS_KEY_ID, secretAccessKey: aws.env.AWS_SECRET_ACCESS_KEY }, maxAttempts: 1 };
});
afterAll(() => aws.close());

function last(): Seen {
  return seen[seen.length - 1];
}

describe('protocol guard per client', () => {
  it('CloudWatch: awsJson1_0 POST with X-Amz-Target GraniteServiceVersion20100801', async () => {
    await new CloudWatchClient(cfg).send(new GetMetricDataCommand({
      StartTime: new Date(Date.now() - 86_400_000), EndTime: new Date(),
      MetricDataQueries: [{ Id: 'a', MetricStat: { Metric: { Namespace: 'AWS/Lambda', MetricName: 'Invocations' }, Period: 86400, Stat: 'Sum' } }],
    }));
    expect(last()).toMatchObject({ method: 'POST', path: '/', service: 'monitoring', operation: 'GetMetricData' });
    expect(last().headers['content-type']).toBe('application/x-amz-json-1.0');
    expect(last().headers['x-amz-target']).toBe('GraniteServiceVersion20100801.GetMetricData');
  });
  it('CloudTrail: awsJson1_1 with the CloudTrail_20131101 target', async () => {
    await new CloudTrailClient(cfg).send(new ListTrailsCommand({}));
    expect(last().headers['content-type']).toBe('application/x-amz-json-1.1');
    expect(last().headers['x-amz-target']).toBe('CloudTrail_20131101.ListTrails');
  });
  it('Cost Explorer: awsJson1_1 with AWSInsightsIndexService', async () => {
    await new CostExplorerClient(cfg).send(new GetCostAndUsageCommand({
      TimePeriod: { Start: '2026-01-01', End: '2026-02-01' }, Granularity: 'MONTHLY', Metrics: ['UsageQuantity'],
      Filter: { Dimensions: { Key: 'SERVICE', Values: ['AWS CloudTrail'] } },
    }));
    expect(last().headers['content-type']).toBe('application/x-amz-json-1.1');
    expect(last().headers['x-amz-target']).toBe('AWSInsightsIndexService.GetCostAndUsage');
  });
  it('Organizations: awsJson1_1 with AWSOrganizationsV20161128', async () => {
    await new OrganizationsClient(cfg).send(new ListAccountsCommand({}));
    expect(last().headers['content-type']).toBe('application/x-amz-json-1.1');
    expect(last().headers['x-amz-target']).toBe('AWSOrganizationsV20161128.ListAccounts');
  });
  it('DynamoDB: awsJson1_0 with DynamoDB_20120810', async () => {
    await new DynamoDBClient(cfg).send(new ListTablesCommand({}));
    expect(last().headers['content-type']).toBe('application/x-amz-json-1.0');
    expect(last().headers['x-amz-target']).toBe('DynamoDB_20120810.ListTables');
  });
  it('Lambda: restJson1 GET /2015-03-31/functions', async () => {
    await new LambdaClient(cfg).send(new ListFunctionsCommand({}));
    expect(last()).toMatchObject({ method: 'GET', path: '/2015-03-31/functions', operation: 'ListFunctions' });
    expect(last().headers['x-amz-target']).toBeUndefined();
  });
  it('S3: restXml, path-style GET / and GET /<bucket>?metrics', async () => {
    const s3 = new S3Client({ ...cfg, forcePathStyle: true });
    await s3.send(new ListBucketsCommand({}));
    expect(last()).toMatchObject({ method: 'GET', path: '/', operation: 'ListBuckets' });
    const b = aws.truth.buckets.find((x) => x.account === aws.truth.organization.managementAccount && x.region === 'us-east-1')!;
    await s3.send(new ListBucketMetricsConfigurationsCommand({ Bucket: b.name }));
    expect(last()).toMatchObject({ method: 'GET', path: `/${b.name}/`, operation: 'ListBucketMetricsConfigurations' });
  });
  it('STS: awsQuery form POST with Action=GetCallerIdentity', async () => {
    const out = await new STSClient(cfg).send(new GetCallerIdentityCommand({}));
    expect(out.Account).toBe(aws.truth.organization.managementAccount);
    expect(last().method).toBe('POST');
    expect(String(last().headers['content-type'])).toMatch(/^application\/x-www-form-urlencoded/);
    expect(last().operation).toBe('GetCallerIdentity');
  });
  it('errors come back in each protocol\'s shape, with the names the SDK raises', async () => {
    aws.faults.denyRegions = ['eu-west-1'];
    try {
      const eu = { ...cfg, region: 'eu-west-1' };
      await expect(new CloudWatchClient(eu).send(new GetMetricDataCommand({ StartTime: new Date(0), EndTime: new Date(86_400_000), MetricDataQueries: [{ Id: 'a', MetricStat: { Metric: { Namespace: 'N', MetricName: 'M' }, Period: 60, Stat: 'Sum' } }] }))).rejects.toMatchObject({ name: 'AccessDenied' });
      await expect(new LambdaClient(eu).send(new ListFunctionsCommand({}))).rejects.toMatchObject({ name: 'AccessDeniedException' });
      await expect(new S3Client({ ...eu, forcePathStyle: true }).send(new ListBucketsCommand({}))).rejects.toMatchObject({ name: 'AccessDenied' });
      await expect(new STSClient(eu).send(new GetCallerIdentityCommand({}))).rejects.toMatchObject({ name: 'AccessDenied' });
      await expect(new DynamoDBClient(eu).send(new ListTablesCommand({}))).rejects.toMatchObject({ name: 'AccessDeniedException' });
    } finally {
      aws.faults.denyRegions = [];
    }
    await expect(new CloudTrailClient(cfg).send(new ListTrailsCommand({ NextToken: 'bad' }))).rejects.toMatchObject({ name: 'InvalidNextTokenException' });
  });
  it('throttling answers are retried by the SDK', async () => {
    aws.faults.throttleRate = 1;
    const ct = new CloudTrailClient({ ...cfg, maxAttempts: 2 });
    await expect(ct.send(new ListTrailsCommand({}))).rejects.toMatchObject({ name: 'ThrottlingException', $metadata: { attempts: 2 } });
    aws.faults.throttleRate = 0;
    const out = await ct.send(new ListTrailsCommand({}));
    expect(out.$metadata.attempts).toBe(1);
  });
});
