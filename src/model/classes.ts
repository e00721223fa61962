/**
 * Event classes and how volume sources map onto them (aws-facts §5): S3 request metrics → S3 data events,
 * Lambda invocations → Invoke (+ InvokeExecution for async), DynamoDB operations → their API names.
 */
import { EVENT_SOURCES, isReadOnlyEvent, RESOURCE_TYPES } from '../selectors/data-events.js';
import type { EventClass } from './types.js';

export function eventClass(resourceType: string, eventName: string, eventType = 'AwsApiCall', readOnly?: boolean): EventClass {
  return {
    eventSource: EVENT_SOURCES[resourceType] ?? 'unknown',
    eventName,
    readOnly: readOnly ?? isReadOnlyEvent(eventName),
    eventType,
  };
}

export function classKey(c: EventClass): string {
  return `${c.eventSource}|${c.eventName}|${c.readOnly ? 'r' : 'w'}|${c.eventType}`;
}

/** One share of a metric going to an event class, with the assumption behind it (shown to users). */
export interface MetricShare {
  cls: EventClass;
  share: number;
  assumption?: string;
}

const S3 = RESOURCE_TYPES.s3Object;

/**
 * How one S3 request metric splits into event classes. `deleteObjects` applies to unfiltered (whole-bucket)
 * configurations only: filtered configurations never count DeleteObjects (aws-facts §5).
 */
export function s3MetricClasses(metric: string, deleteObjects: { share: number; keysPerCall: number } | null): MetricShare[] {
  switch (metric) {
    case 'GetRequests':
      return [{ cls: eventClass(S3, 'GetObject'), share: 1, assumption: 'GetRequests counted as GetObject (Get* APIs share the metric)' }];
    case 'HeadRequests':
      return [{ cls: eventClass(S3, 'HeadObject'), share: 1 }];
    case 'ListRequests':
      return [{ cls: eventClass(S3, 'ListObjects'), share: 1 }];
    case 'SelectRequests':
      return [{ cls: eventClass(S3, 'SelectObjectContent'), share: 1 }];
    case 'PutRequests':
      return [{ cls: eventClass(S3, 'PutObject'), share: 1, assumption: 'PutRequests counted as PutObject (CopyObject/UploadPart share the metric)' }];
    case 'PostRequests':
      return [
        { cls: eventClass(S3, 'CreateMultipartUpload'), share: 0.5, assumption: 'PostRequests split evenly into Create/CompleteMultipartUpload' },
        { cls: eventClass(S3, 'CompleteMultipartUpload'), share: 0.5, assumption: 'PostRequests split evenly into Create/CompleteMultipartUpload' },
      ];
    case 'DeleteRequests': {
      if (!deleteObjects || deleteObjects.share === 0) return [{ cls: eventClass(S3, 'DeleteObject'), share: 1 }];
      const s = deleteObjects.share;
      const note = `${Math.round(s * 100)}% of DeleteRequests are DeleteObjects with ${deleteObjects.keysPerCall} keys each; one DeleteObject (AwsServiceEvent) per key on top`;
      return [
        { cls: eventClass(S3, 'DeleteObject'), share: 1 - s },
        { cls: eventClass(S3, 'DeleteObjects'), share: s, assumption: note },
        { cls: eventClass(S3, 'DeleteObject', 'AwsServiceEvent', false), share: s * deleteObjects.keysPerCall, assumption: note },
      ];
    }
    default:
      return [];
  }
}

/** Placeholder classes of a resource whose volume is unknown: one read and one write class (events null). */
export function unknownClasses(resourceType: string): EventClass[] {
  switch (resourceType) {
    case RESOURCE_TYPES.s3Object:
      return [eventClass(S3, 'GetObject'), eventClass(S3, 'PutObject')];
    case RESOURCE_TYPES.lambdaFunction:
      return [eventClass(resourceType, 'Invoke', 'AwsApiCall', false)];
    case RESOURCE_TYPES.dynamoTable:
      return [eventClass(resourceType, 'GetItem'), eventClass(resourceType, 'PutItem')];
    default:
      return [];
  }
}
