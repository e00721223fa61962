/** Which API calls are data events, per resource type (aws-facts §4), and whether each is read-only. */

export const RESOURCE_TYPES = {
  s3Object: 'AWS::S3::Object',
  lambdaFunction: 'AWS::Lambda::Function',
  dynamoTable: 'AWS::DynamoDB::Table',
} as const;

export const EVENT_SOURCES: Record<string, string> = {
  'AWS::S3::Object': 's3.amazonaws.com',
  'AWS::Lambda::Function': 'lambda.amazonaws.com',
  'AWS::DynamoDB::Table': 'dynamodb.amazonaws.com',
};

export const DATA_EVENT_NAMES: Record<string, readonly string[]> = {
  'AWS::S3::Object': [
    'AbortMultipartUpload', 'CompleteMultipartUpload', 'CopyObject', 'CreateMultipartUpload', 'DeleteObject',
    'DeleteObjectTagging', 'DeleteObjects', 'GetObject', 'GetObjectAcl', 'GetObjectAttributes',
    'GetObjectLegalHold', 'GetObjectRetention', 'GetObjectTagging', 'GetObjectTorrent', 'HeadObject',
    'HeadBucket', 'ListObjectVersions', 'ListObjects', 'ListParts', 'PutObject', 'PutObjectAcl',
    'PutObjectLegalHold', 'PutObjectRetention', 'PutObjectTagging', 'RestoreObject', 'SelectObjectContent',
    'UpdateObjectEncryption', 'UploadPart', 'UploadPartCopy',
  ],
  'AWS::Lambda::Function': ['Invoke', 'InvokeExecution'],
  'AWS::DynamoDB::Table': [
    'BatchExecuteStatement', 'BatchGetItem', 'BatchWriteItem', 'DeleteItem', 'ExecuteStatement',
    'ExecuteTransaction', 'GetItem', 'PutItem', 'Query', 'Scan', 'TransactGetItems', 'TransactWriteItems',
    'UpdateItem', 'GetRecords', 'GetShardIterator',
  ],
};

const bySource = new Map<string, Set<string>>();
for (const [type, names] of Object.entries(DATA_EVENT_NAMES)) {
  const src = EVENT_SOURCES[type];
  const set = bySource.get(src) ?? new Set<string>();
  for (const n of names) set.add(n);
  bySource.set(src, set);
}

export function isDataEventName(eventSource: string, eventName: string): boolean {
  return bySource.get(eventSource)?.has(eventName) ?? false;
}

const READ_PREFIXES = ['Get', 'Head', 'List', 'Select'];
const READ_NAMES = new Set(['Scan', 'Query', 'BatchGetItem', 'TransactGetItems', 'GetRecords', 'GetShardIterator']);

/**
 * readOnly of a data-event API. AWS publishes no per-API table (aws-facts §4): this is the documented pattern
 * (Get/Head/List/Select, Scan, Query, batch/transact gets and stream reads are reads; everything else writes).
 * ExecuteStatement/BatchExecuteStatement/ExecuteTransaction (PartiQL) can be either; modeled as writes.
 */
export function isReadOnlyEvent(eventName: string): boolean {
  return READ_NAMES.has(eventName) || READ_PREFIXES.some((p) => eventName.startsWith(p));
}
