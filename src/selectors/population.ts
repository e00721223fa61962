/**
 * The evaluation view of a model population: every event of one event class on one resource node.
 * S3 nodes are ARN prefix sets (minus their children, which the model counts separately); functions and tables
 * are exact ARNs. The caller is unknown unless given, so caller conditions answer SOME.
 */
import { UNKNOWN, type FieldValue, type StringSet, type Subject } from './evaluate.js';
import type { EventClass } from './types.js';

export interface Population {
  cls: EventClass;
  resourceType: string;
  /** Exact ARN (function, table) or an ARN prefix set (S3 node). */
  arn: string | StringSet;
  /** userIdentity.arn when the population is one caller's; unknown otherwise. */
  callerArn?: string;
}

const S3_OBJECT = 'AWS::S3::Object';

export function populationSubject(p: Population): Subject {
  const resources: Array<{ type: string | undefined; arn: FieldValue }> = [{ type: p.resourceType, arn: p.arn }];
  if (p.resourceType === S3_OBJECT && typeof p.arn !== 'string') {
    // Object records also carry the bucket entry (arn:aws:s3:::bucket).
    const m = /^(arn:[^:]+:s3:::[^/]+)\//.exec(p.arn.prefix);
    if (m) resources.push({ type: 'AWS::S3::Bucket', arn: m[1] });
  }
  return {
    category: 'Data',
    field(name) {
      switch (name) {
        case 'eventSource':
          return p.cls.eventSource;
        case 'eventName':
          return p.cls.eventName;
        case 'readOnly':
          return String(p.cls.readOnly);
        case 'eventType':
          return p.cls.eventType;
        case 'userIdentity.arn':
          return p.callerArn ?? UNKNOWN;
        case 'sessionCredentialFromConsole':
          return UNKNOWN;
        case 'errorCode':
          // Data-event volume from metrics is taken as calls without an error code.
          return undefined;
        case 'vpcEndpointId':
          // Whether calls came through a VPC endpoint is unknown.
          return UNKNOWN;
      }
    },
    resources,
  };
}
