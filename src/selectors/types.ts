/**
 * Selector and record shapes. Selector types are AWS's own (from @aws-sdk/client-cloudtrail), so what
 * GetEventSelectors returns and PutEventSelectors takes flows through unchanged.
 */
import type {
  AdvancedEventSelector,
  AdvancedFieldSelector,
  DataResource,
  EventSelector,
} from '@aws-sdk/client-cloudtrail';

export type { AdvancedEventSelector, AdvancedFieldSelector, DataResource, EventSelector };

export const SELECT_OPERATORS = ['Equals', 'StartsWith', 'EndsWith'] as const;
export const DESELECT_OPERATORS = ['NotEquals', 'NotStartsWith', 'NotEndsWith'] as const;
export const OPERATORS = [...SELECT_OPERATORS, ...DESELECT_OPERATORS] as const;
export type SelectOperator = (typeof SELECT_OPERATORS)[number];
export type DeselectOperator = (typeof DESELECT_OPERATORS)[number];
export type Operator = (typeof OPERATORS)[number];

/** Fields the evaluator understands (aws-facts §3). */
export const FIELDS = [
  'eventCategory',
  'eventSource',
  'eventName',
  'eventType',
  'readOnly',
  'resources.type',
  'resources.ARN',
  'userIdentity.arn',
  'sessionCredentialFromConsole',
  'errorCode',
  'vpcEndpointId',
] as const;
export type Field = (typeof FIELDS)[number];

export type EventCategory = 'Management' | 'Data' | 'NetworkActivity' | 'Insight';

/** An event class: what selectors can tell apart without a caller or an object key. */
export interface EventClass {
  eventSource: string;
  eventName: string;
  readOnly: boolean;
  /** `AwsServiceEvent` for the per-key DeleteObject records of a DeleteObjects call; else `AwsApiCall`. */
  eventType: string;
}

/** The parts of a CloudTrail record that selectors look at; records carry much more, all ignored here. */
export interface CloudTrailRecord {
  eventID?: string;
  eventName?: string;
  eventSource?: string;
  eventCategory?: string;
  eventType?: string;
  managementEvent?: boolean;
  readOnly?: boolean | string;
  errorCode?: string;
  vpcEndpointId?: string;
  awsRegion?: string;
  recipientAccountId?: string;
  eventTime?: string;
  sessionCredentialFromConsole?: string | boolean;
  userIdentity?: { arn?: string; type?: string; accountId?: string; [k: string]: unknown };
  resources?: Array<{ type?: string; ARN?: string; ARNPrefix?: string; accountId?: string }>;
  [k: string]: unknown;
}

/** A selector set as a trail holds it: advanced, or basic (never both on one trail). */
export type SelectorSet =
  | { kind: 'advanced'; selectors: AdvancedEventSelector[] }
  | { kind: 'basic'; selectors: EventSelector[] };
