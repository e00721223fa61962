/**
 * Which CloudWatch metrics a scan requests (aws-facts §5): per S3 metrics configuration the request metrics that
 * map to data events, per function Invocations, per table SuccessfulRequestLatency SampleCount per data-event
 * operation. One request per metric, so the plan can count and price them.
 */
import type { Measurement } from '../model/snapshot.js';

/** S3 request metrics that map to data events; AllRequests is their sum, so it is not requested again. */
export const S3_EVENT_METRICS = ['GetRequests', 'PutRequests', 'DeleteRequests', 'HeadRequests', 'PostRequests', 'SelectRequests', 'ListRequests'] as const;

/** DynamoDB operations (the Operation dimension) that are data events; GetRecords is the streams read. */
export const DYNAMODB_METRIC_OPERATIONS = [
  'GetItem', 'PutItem', 'UpdateItem', 'DeleteItem', 'Query', 'Scan', 'BatchGetItem', 'BatchWriteItem',
  'TransactGetItems', 'TransactWriteItems', 'ExecuteStatement', 'BatchExecuteStatement', 'ExecuteTransaction', 'GetRecords',
] as const;

export interface MetricRequest {
  namespace: string;
  metricName: string;
  /** Storage Lens metrics are valid with Average only (aws-facts §8): one data point a day. */
  stat: 'Sum' | 'SampleCount' | 'Average';
  dimensions: Array<{ Name: string; Value: string }>;
  /** The measurement this metric fills (without sum and window, and the data-point count getMetricSums adds). */
  target: DistributiveOmit<Measurement, 'sum' | 'window' | 'days'>;
}
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

export function s3Requests(account: string, region: string, bucket: string, filterId: string): MetricRequest[] {
  return S3_EVENT_METRICS.map((metric) => ({
    namespace: 'AWS/S3', metricName: metric, stat: 'Sum',
    dimensions: [{ Name: 'BucketName', Value: bucket }, { Name: 'FilterId', Value: filterId }],
    target: { kind: 's3', account, region, bucket, filterId, metric },
  }));
}

export function lambdaRequest(account: string, region: string, fn: string): MetricRequest {
  return {
    namespace: 'AWS/Lambda', metricName: 'Invocations', stat: 'Sum', dimensions: [{ Name: 'FunctionName', Value: fn }],
    target: { kind: 'lambda', account, region, function: fn, metric: 'Invocations' },
  };
}

export function dynamodbRequests(account: string, region: string, table: string): MetricRequest[] {
  return DYNAMODB_METRIC_OPERATIONS.map((operation) => ({
    namespace: 'AWS/DynamoDB', metricName: 'SuccessfulRequestLatency', stat: 'SampleCount',
    dimensions: [{ Name: 'TableName', Value: table }, { Name: 'Operation', Value: operation }],
    target: { kind: 'dynamodb', account, region, table, operation, metric: 'SuccessfulRequestLatency:SampleCount' },
  }));
}
