/**
 * Which CloudTrail data event an S3 server access-log request stands for (aws-facts §4, §8). Pure.
 *
 * Operations. Object-level `REST.*` operations map to the data event of the same API. `REST.GET.BUCKET` (ListObjects
 * and ListObjectsV2 alike), `REST.GET.BUCKETVERSIONS` and `REST.HEAD.BUCKET` are data events without a key.
 * `REST.GET|PUT.ACL` and the tagging operations are object events only with a key; without one they configure the
 * bucket (management events). `BATCH.DELETE.OBJECT` (one line per key of a multi-object delete) is the per-key
 * `DeleteObject` service event CloudTrail adds to `DeleteObjects`. Counted apart, by name: bucket-level operations
 * (management events: `REST.GET.LOCATION`, `REST.PUT.BUCKETPOLICY`, `REST.GET.UPLOADS`…), S3's own actions
 * (`S3.EXPIRE.OBJECT`, `S3.TRANSITION*`: lifecycle, replication, not API calls), CORS preflights, the source side
 * of a copy (`REST.COPY.OBJECT_GET`, `REST.COPY.PART_GET`: the copy's event is counted once, at its destination),
 * and operations not in the table (`SOAP.*`, new names).
 *
 * Answers. CloudTrail logs failed calls with their errorCode (404 NoSuchKey, 403 AccessDenied by policy…), but not
 * requests that fail authentication nor 301 redirects (aws-facts §8): those are counted apart. Whether CloudTrail
 * logs 5xx answers (InternalError, 503 SlowDown), 307 redirects, denied anonymous requests and requests to the
 * website endpoint is not documented: they are "uncertain", in the upper bound only.
 */
import { isReadOnlyEvent } from '../selectors/data-events.js';

export type Apart = 'not-data' | 'not-logged' | 'unmapped';

export type Outcome =
  | { kind: 'event'; eventName: string; eventType: 'AwsApiCall' | 'AwsServiceEvent'; readOnly: boolean; sure: boolean }
  | { kind: 'apart'; why: Apart; detail: string };

/** Object operations: the data event each one is (key present or not). */
const OBJECT_EVENTS: Record<string, string> = {
  'REST.GET.OBJECT': 'GetObject',
  'REST.HEAD.OBJECT': 'HeadObject',
  'REST.PUT.OBJECT': 'PutObject',
  // A browser POST upload (HTML form): the same write as PutObject; CloudTrail's name for it is not confirmed.
  'REST.POST.OBJECT': 'PutObject',
  'REST.DELETE.OBJECT': 'DeleteObject',
  'REST.COPY.OBJECT': 'CopyObject',
  'REST.POST.UPLOADS': 'CreateMultipartUpload',
  'REST.PUT.PART': 'UploadPart',
  'REST.COPY.PART': 'UploadPartCopy',
  'REST.POST.UPLOAD': 'CompleteMultipartUpload',
  'REST.DELETE.UPLOAD': 'AbortMultipartUpload',
  'REST.GET.UPLOAD': 'ListParts',
  'REST.POST.MULTI_OBJECT_DELETE': 'DeleteObjects',
  'REST.POST.RESTORE': 'RestoreObject',
  'REST.POST.SELECT': 'SelectObjectContent',
  'REST.GET.OBJECT_ATTRIBUTES': 'GetObjectAttributes',
  'REST.GET.TORRENT': 'GetObjectTorrent',
  'REST.GET.OBJECT_TAGGING': 'GetObjectTagging',
  'REST.PUT.OBJECT_TAGGING': 'PutObjectTagging',
  'REST.DELETE.OBJECT_TAGGING': 'DeleteObjectTagging',
  'REST.GET.LEGAL_HOLD': 'GetObjectLegalHold',
  'REST.PUT.LEGAL_HOLD': 'PutObjectLegalHold',
  'REST.GET.RETENTION': 'GetObjectRetention',
  'REST.PUT.RETENTION': 'PutObjectRetention',
};

/** Data events on the bucket itself (no key). */
const BUCKET_EVENTS: Record<string, string> = {
  'REST.GET.BUCKET': 'ListObjects',
  'REST.GET.BUCKETVERSIONS': 'ListObjectVersions',
  'REST.HEAD.BUCKET': 'HeadBucket',
};

/** Object events with a key, bucket configuration (management events) without one. */
const KEYED_EVENTS: Record<string, string> = {
  'REST.GET.ACL': 'GetObjectAcl',
  'REST.PUT.ACL': 'PutObjectAcl',
  'REST.GET.TAGGING': 'GetObjectTagging',
  'REST.PUT.TAGGING': 'PutObjectTagging',
  'REST.DELETE.TAGGING': 'DeleteObjectTagging',
};

/** Not data events whatever the key: what each is, in words. */
const NOT_DATA: Record<string, string> = {
  'REST.COPY.OBJECT_GET': 'source side of a copy (its CopyObject event is counted at the destination)',
  'REST.COPY.PART_GET': 'source side of a part copy (its UploadPartCopy event is counted at the destination)',
  'REST.OPTIONS.PREFLIGHT': 'CORS preflight (no API call)',
  'REST.GET.UPLOADS': 'ListMultipartUploads (not an S3 data event in aws-facts §4)',
};

/** Website-endpoint requests: whether CloudTrail logs them as data events is not documented. */
const WEBSITE_EVENTS: Record<string, string> = {
  'WEBSITE.GET.OBJECT': 'GetObject',
  'WEBSITE.HEAD.OBJECT': 'HeadObject',
};

/** Error codes of requests that fail authentication: CloudTrail does not log them. */
const AUTH_FAILURES = new Set([
  'SignatureDoesNotMatch', 'InvalidAccessKeyId', 'ExpiredToken', 'InvalidToken', 'TokenRefreshRequired',
  'AuthorizationHeaderMalformed', 'AuthorizationQueryParametersError', 'MissingSecurityHeader', 'RequestTimeTooSkewed',
  'InvalidSecurity', 'CredentialsNotSupported', 'AccountProblem',
]);

/** Mapping caveats users should read when such requests were seen (operation → caveat). */
export const MAPPING_CAVEATS: Record<string, string> = {
  'REST.POST.OBJECT': 'REST.POST.OBJECT (browser form upload) counted as PutObject: CloudTrail\'s event name for it is not confirmed',
  'BATCH.DELETE.OBJECT': 'BATCH.DELETE.OBJECT (one line per key of a multi-object delete) counted as the per-key DeleteObject service event CloudTrail adds to DeleteObjects (shape unconfirmed)',
  'WEBSITE.GET.OBJECT': 'requests to the website endpoint (WEBSITE.*) are in the upper bound only: whether CloudTrail logs them is not documented',
  'WEBSITE.HEAD.OBJECT': 'requests to the website endpoint (WEBSITE.*) are in the upper bound only: whether CloudTrail logs them is not documented',
};

function event(eventName: string, sure: boolean): Outcome {
  return { kind: 'event', eventName, eventType: 'AwsApiCall', readOnly: isReadOnlyEvent(eventName), sure };
}

/** The request's operation alone: the event it is (sure or not), or why it is counted apart. */
export function classifyOperation(operation: string, hasKey: boolean): Outcome {
  const obj = OBJECT_EVENTS[operation];
  if (obj) return event(obj, true);
  const bucket = BUCKET_EVENTS[operation];
  if (bucket) return event(bucket, true);
  if (operation === 'BATCH.DELETE.OBJECT') return { kind: 'event', eventName: 'DeleteObject', eventType: 'AwsServiceEvent', readOnly: false, sure: true };
  const keyed = KEYED_EVENTS[operation];
  if (keyed) return hasKey ? event(keyed, true) : { kind: 'apart', why: 'not-data', detail: 'bucket configuration (a management event)' };
  const web = WEBSITE_EVENTS[operation];
  if (web) return event(web, false);
  const nd = NOT_DATA[operation];
  if (nd) return { kind: 'apart', why: 'not-data', detail: nd };
  if (operation.startsWith('S3.')) return { kind: 'apart', why: 'not-data', detail: "S3's own action (lifecycle, replication…), not an API call" };
  if (operation.startsWith('REST.') && !hasKey) return { kind: 'apart', why: 'not-data', detail: 'bucket-level operation (a management event)' };
  return { kind: 'apart', why: 'unmapped', detail: 'operation not in trailcost\'s table' };
}

/**
 * The request with its answer: a data event, sure or uncertain, or counted apart (see the file comment).
 * `anonymous`: no requester (an unauthenticated request).
 */
export function classifyRequest(operation: string, hasKey: boolean, status: number | null, errorCode: string | null, anonymous: boolean): Outcome {
  const o = classifyOperation(operation, hasKey);
  if (o.kind !== 'event' || status === null) return o;
  if (status === 301) return { kind: 'apart', why: 'not-logged', detail: `301 ${errorCode ?? 'redirect'} (CloudTrail does not log redirects)` };
  if (status >= 400 && status < 500 && errorCode !== null && AUTH_FAILURES.has(errorCode)) {
    return { kind: 'apart', why: 'not-logged', detail: `${status} ${errorCode} (failed authentication: CloudTrail does not log it)` };
  }
  if (status < 300 || status === 304) return o;
  const uncertain = status >= 500 || (status >= 300 && status < 400) || (status === 403 && anonymous);
  return uncertain ? { ...o, sure: false } : o;
}
