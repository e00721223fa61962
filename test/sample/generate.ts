import { prng } from '../support/prng.js';
/**
 * Deterministic synthetic CloudTrail data events for tests and the benchmark, shaped like the published records
 * in test/fixtures/cloudtrail (S3 object events with object ARN + bucket entry, Lambda Invoke/InvokeExecution,
 * DynamoDB item events, per-key DeleteObject AwsServiceEvent records).
 */

export interface GenOptions {
  seed: number;
  count: number;
  start: number;
  spanMs: number;
  account?: string;
  buckets?: string[];
  prefixes?: string[];
  callers?: number;
}

const SDK_AGENT = 'aws-sdk-java/2.25.16 Linux/5.10.219-208.866.amzn2.x86_64 OpenJDK_64-Bit_Server_VM/17.0.11+9-LTS Java/17.0.11 vendor/Amazon.com_Inc.';

function uuid(rnd: () => number): string {
  const h = (n: number) => Array.from({ length: n }, () => Math.floor(rnd() * 16).toString(16)).join('');
  return `${h(8)}-${h(4)}-4${h(3)}-a${h(3)}-${h(12)}`;
}

export function generateRecords(o: GenOptions): Array<Record<string, unknown>> {
  const rnd = prng(o.seed);
  const account = o.account ?? '111122223333';
  const buckets = o.buckets ?? ['app-data', 'etl-scratch', 'pii-vault'];
  const prefixes = o.prefixes ?? ['', 'customers/', 'customers/eu/', 'logs/2026/11/', 'tmp/', 'exports/daily/'];
  const callerArns = Array.from({ length: o.callers ?? 8 }, (_, i) => `arn:aws:sts::${account}:assumed-role/app-role-${i}/session-${i}`);
  const out: Array<Record<string, unknown>> = [];
  for (let i = 0; i < o.count; i++) {
    const t = new Date(o.start + Math.floor(rnd() * o.spanMs)).toISOString().replace(/\.\d{3}Z$/, 'Z');
    // Skewed caller choice so top-N lists are meaningful.
    const caller = callerArns[Math.floor(rnd() * rnd() * callerArns.length)];
    // Real records carry the session context, TLS details and (S3) additionalEventData: ~1.5 KB on average
    // (aws-facts), which matters to MB/s figures. These fields are derived without drawing from rnd so the
    // records' counts and classes stay what tests expect.
    const role = caller.split('/')[1];
    const userIdentity = {
      type: 'AssumedRole', principalId: `AROAEXAMPLEID${role.length}:${caller.split('/')[2]}`, arn: caller, accountId: account,
      accessKeyId: 'ASIAEXAMPLEKEY' + String(t.length * 7919).padStart(6, '0'),
      sessionContext: {
        sessionIssuer: { type: 'Role', principalId: `AROAEXAMPLEID${role.length}`, arn: `arn:aws:iam::${account}:role/${role}`, accountId: account, userName: role },
        attributes: { creationDate: `${t.slice(0, 11)}00:00:00Z`, mfaAuthenticated: 'false' },
      },
    };
    const eventID = uuid(rnd);
    const tlsDetails = (host: string) => ({ tlsVersion: 'TLSv1.3', cipherSuite: 'TLS_AES_128_GCM_SHA256', clientProvidedHostHeader: host });
    const base = { eventVersion: '1.10', userIdentity, eventTime: t, awsRegion: 'us-east-1', sourceIPAddress: '192.0.2.10', userAgent: SDK_AGENT, eventID, managementEvent: false, recipientAccountId: account, eventCategory: 'Data' };
    const pick = rnd();
    if (pick < 0.7) {
      const bucket = buckets[Math.floor(rnd() * buckets.length)];
      const key = `${prefixes[Math.floor(rnd() * prefixes.length)]}obj-${Math.floor(rnd() * 1000)}.json`;
      const names = ['GetObject', 'GetObject', 'GetObject', 'PutObject', 'HeadObject', 'DeleteObject'];
      const eventName = names[Math.floor(rnd() * names.length)];
      const perKey = eventName === 'DeleteObject' && rnd() < 0.5;
      out.push({
        ...base, eventSource: 's3.amazonaws.com', eventName,
        requestParameters: { bucketName: bucket, key, Host: `${bucket}.s3.us-east-1.amazonaws.com` },
        responseElements: null,
        additionalEventData: {
          SignatureVersion: 'SigV4', CipherSuite: 'TLS_AES_128_GCM_SHA256', bytesTransferredIn: 0, AuthenticationMethod: 'AuthHeader',
          'x-amz-id-2': Buffer.from(eventID + eventID.slice(0, 20)).toString('base64'), bytesTransferredOut: key.length * 37,
        },
        requestID: uuid(rnd).slice(0, 16).toUpperCase(),
        readOnly: eventName.startsWith('Get') || eventName.startsWith('Head'),
        resources: [
          { type: 'AWS::S3::Object', ARN: `arn:aws:s3:::${bucket}/${key}` },
          { accountId: account, type: 'AWS::S3::Bucket', ARN: `arn:aws:s3:::${bucket}` },
        ],
        eventType: perKey ? 'AwsServiceEvent' : 'AwsApiCall',
        tlsDetails: tlsDetails(`${bucket}.s3.us-east-1.amazonaws.com`),
        ...(perKey ? { userIdentity: { type: 'AWSService', invokedBy: 's3.amazonaws.com' } } : {}),
      });
    } else if (pick < 0.85) {
      const fn = `arn:aws:lambda:us-east-1:${account}:function:worker-${Math.floor(rnd() * 3)}`;
      out.push({
        ...base, eventSource: 'lambda.amazonaws.com', eventName: rnd() < 0.7 ? 'Invoke' : 'InvokeExecution',
        requestParameters: null, responseElements: null, readOnly: false,
        requestID: eventID.split('').reverse().join(''),
        resources: [{ accountId: account, type: 'AWS::Lambda::Function', ARN: fn }], eventType: 'AwsApiCall',
        tlsDetails: tlsDetails('lambda.us-east-1.amazonaws.com'),
      });
    } else {
      const table = `arn:aws:dynamodb:us-east-1:${account}:table/orders-${Math.floor(rnd() * 2)}`;
      const names = ['GetItem', 'PutItem', 'Query', 'UpdateItem'];
      const eventName = names[Math.floor(rnd() * names.length)];
      out.push({
        ...base, eventSource: 'dynamodb.amazonaws.com', eventName, apiVersion: '2012-08-10',
        requestParameters: { tableName: table.split('/')[1] }, responseElements: null,
        readOnly: eventName === 'GetItem' || eventName === 'Query',
        requestID: eventID.replace(/-/g, '').toUpperCase().slice(0, 26),
        resources: [{ accountId: account, type: 'AWS::DynamoDB::Table', ARN: table }], eventType: 'AwsApiCall',
        tlsDetails: tlsDetails('dynamodb.us-east-1.amazonaws.com'),
      });
    }
  }
  return out;
}
