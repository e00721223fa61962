import type { CloudTrailRecord } from '../../src/selectors/types.js';

export const ACCOUNT = '111122223333';

export function s3Record(arn: string, eventName = 'GetObject', readOnly = true): CloudTrailRecord {
  const bucket = /^(arn:[^:]+:s3:::[^/]+)/.exec(arn)?.[1] ?? arn;
  return {
    eventID: `s3-${eventName}-${arn}`,
    eventCategory: 'Data', managementEvent: false, eventType: 'AwsApiCall',
    eventSource: 's3.amazonaws.com', eventName, readOnly,
    resources: [{ type: 'AWS::S3::Object', ARN: arn }, { type: 'AWS::S3::Bucket', ARN: bucket, accountId: ACCOUNT }],
  };
}

export function lambdaRecord(name: string): CloudTrailRecord {
  return {
    eventID: `lambda-${name}`,
    eventCategory: 'Data', managementEvent: false, eventType: 'AwsApiCall',
    eventSource: 'lambda.amazonaws.com', eventName: 'Invoke', readOnly: false,
    resources: [{ type: 'AWS::Lambda::Function', ARN: `arn:aws:lambda:us-west-2:${ACCOUNT}:function:${name}` }],
  };
}

export function managementRecord(eventSource: string, eventName: string, readOnly: boolean): CloudTrailRecord {
  return {
    eventID: `mgmt-${eventName}`,
    eventCategory: 'Management', managementEvent: true, eventType: 'AwsApiCall',
    eventSource, eventName, readOnly,
  };
}
