import type { CloudTrailRecord, EventCategory } from './types.js';
import { isDataEventName } from './data-events.js';

/**
 * The record's event category. Current records carry `eventCategory`; records from before it existed carry
 * `managementEvent` (true/false); older ones carry neither, and then the category follows from the event type
 * (`AwsVpceEvent` → network activity, `AwsCloudTrailInsight` → insight) or from whether eventSource+eventName
 * is a data-event API (aws-facts §4), else management.
 */
export function recordCategory(r: CloudTrailRecord): EventCategory {
  switch (r.eventCategory) {
    case 'Management':
    case 'Data':
    case 'NetworkActivity':
    case 'Insight':
      return r.eventCategory;
  }
  if (r.managementEvent === true) return 'Management';
  if (r.managementEvent === false) return 'Data';
  if (r.eventType === 'AwsVpceEvent') return 'NetworkActivity';
  if (r.eventType === 'AwsCloudTrailInsight') return 'Insight';
  if (r.eventSource && r.eventName && isDataEventName(r.eventSource, r.eventName)) return 'Data';
  return 'Management';
}
