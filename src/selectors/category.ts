import type { CloudTrailRecord, EventCategory } from './types.js';
import { isDataEventName } from './data-events.js';

/**
 * A record's category: the selectable ones (EventCategory), `Aggregated` (5-minute summaries of data events,
 * aws-facts §7), or any other value a record states (CloudTrail Lake's `ConfigurationItem`, `ActivityAuditLog`, ones
 * still to come), kept as stated so that only a selector naming it could match it.
 */
export type RecordCategory = EventCategory | 'Aggregated' | (string & {});

/** Why no advanced event selector selects an aggregated event (match prints it per record). */
export const AGGREGATED_REASON =
  "aggregated event: not selected by event selectors; a trail's aggregation configuration (PutEventConfiguration) controls it";
/** The same, said of several (match's totals). */
export const AGGREGATED_REASON_PLURAL =
  "aggregated events: not selected by event selectors; a trail's aggregation configuration (PutEventConfiguration) controls them";

/**
 * The record's event category. Current records carry `eventCategory`, taken as stated; records from before it existed
 * carry `managementEvent` (true/false); older ones carry neither, and then the category follows from the event type
 * (`AwsAggregatedEvent` → aggregated, `AwsVpceEvent` → network activity, `AwsCloudTrailInsight` → insight) or from
 * whether eventSource+eventName is a data-event API (aws-facts §4), else management.
 */
export function recordCategory(r: CloudTrailRecord): RecordCategory {
  const c = r.eventCategory;
  if (typeof c === 'string' && c !== '') return c;
  if (r.eventType === 'AwsAggregatedEvent') return 'Aggregated';
  if (r.managementEvent === true) return 'Management';
  if (r.managementEvent === false) return 'Data';
  if (r.eventType === 'AwsVpceEvent') return 'NetworkActivity';
  if (r.eventType === 'AwsCloudTrailInsight') return 'Insight';
  if (r.eventSource && r.eventName && isDataEventName(r.eventSource, r.eventName)) return 'Data';
  return 'Management';
}

/**
 * Aggregated events are configured per trail (PutEventConfiguration), not selected: no advanced event selector
 * logs one, whatever its fields (aws-facts §7).
 */
export function isAggregated(r: CloudTrailRecord): boolean {
  // The two cheap tests first: this runs once per record on match's hot path.
  return (r.eventCategory === 'Aggregated' || r.eventType === 'AwsAggregatedEvent') && recordCategory(r) === 'Aggregated';
}

/** Why a record is not logged by any selector set whatever the selectors say, or null when selectors decide. */
export function notSelectedReason(r: CloudTrailRecord): string | null {
  return isAggregated(r) ? AGGREGATED_REASON : null;
}
