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
const BUCKET_OF = /^(arn:[^:]+:s3:::[^/]+)\//;

/** The bucket entry (arn:aws:s3:::bucket) the records of an S3 object prefix population also carry, if any. */
export function bucketEntryOf(p: Pick<Population, 'resourceType' | 'arn'>): string | undefined {
  if (p.resourceType !== S3_OBJECT || typeof p.arn === 'string') return undefined;
  return BUCKET_OF.exec(p.arn.prefix)?.[1];
}

/**
 * Whether populations carry that bucket entry, asked for many in a row (the estimator's walk over a model): a key
 * that starts with the last bucket path found (`arn:aws:s3:::bucket/`) has the same entry, so the text is matched
 * once per bucket, not once per prefix.
 */
export function bucketEntryTester(): (p: Pick<Population, 'resourceType' | 'arn'>) => boolean {
  let path = '';
  return (p) => {
    if (p.resourceType !== S3_OBJECT || typeof p.arn === 'string') return false;
    if (path !== '' && p.arn.prefix.startsWith(path)) return true;
    const m = BUCKET_OF.exec(p.arn.prefix);
    if (!m) return false;
    path = m[0];
    return true;
  };
}

export function populationSubject(p: Population): Subject {
  const resources: Array<{ type: string | undefined; arn: FieldValue }> = [{ type: p.resourceType, arn: p.arn }];
  // Object records also carry the bucket entry.
  const bucket = bucketEntryOf(p);
  if (bucket !== undefined) resources.push({ type: 'AWS::S3::Bucket', arn: bucket });
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
