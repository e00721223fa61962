/**
 * Trails and Lake event data stores as the estimate sees them: compiled selectors (basic converted to advanced
 * by the selectors' own `toAdvanced`), coverage (organization trails cover every member account, single-Region
 * trails their home Region) and destinations.
 */
import { compile, evaluateSubject, UNKNOWN, type CompiledSelectorSet, type Subject, type Tri } from '../selectors/evaluate.js';
import { toAdvanced } from '../selectors/basic.js';
import type { AdvancedEventSelector } from '../selectors/types.js';
import type { EventDataStore, Trail } from '../model/snapshot.js';
import type { TrailIdentity } from './types.js';
import { delivers } from '../model/governance.js';

export interface TrailSpec extends TrailIdentity {
  logging: boolean;
  s3Bucket?: string;
  cloudWatchLogsGroup?: string;
  lake?: 'one-year' | 'seven-year';
  /** Event data stores: days the events are kept (a one-year store can be extended up to ten years). */
  retentionDays?: number;
  insights: string[];
  /** Insights types enabled on data events (each analyzes every data event the trail logs). */
  dataInsights?: string[];
  /** RecursiveLogging: false = its own deliveries are not logged; undefined = unknown (aws-facts §7). */
  recursiveLogging?: boolean;
  /** What-if: delivered by a CloudWatch telemetry enablement rule instead of a trail (per GB into CloudWatch Logs). */
  telemetryRule?: boolean;
  advanced: AdvancedEventSelector[];
  compiled: CompiledSelectorSet;
  /** Management events: verdict for read-only and for write events (eventSource unknown). */
  management: { read: Tri; write: Tri };
}

/** A management-event population (all of an account × Region's reads, or writes). */
function managementSubject(readOnly: boolean): Subject {
  return {
    category: 'Management',
    field(name) {
      if (name === 'readOnly') return String(readOnly);
      if (name === 'eventSource' || name === 'eventName' || name === 'userIdentity.arn') return UNKNOWN;
      if (name === 'eventType') return 'AwsApiCall';
      return undefined;
    },
    resources: [],
  };
}

function withSelectors(base: Omit<TrailSpec, 'compiled' | 'management' | 'advanced'>, advanced: AdvancedEventSelector[]): TrailSpec {
  const compiled = compile(advanced);
  return {
    ...base,
    advanced,
    compiled,
    management: {
      read: evaluateSubject(compiled, managementSubject(true)).result,
      write: evaluateSubject(compiled, managementSubject(false)).result,
    },
  };
}

export function trailSpec(t: Trail): TrailSpec {
  const advanced = t.selectors.kind === 'advanced' ? t.selectors.selectors : toAdvanced(t.selectors.selectors);
  return withSelectors(
    {
      name: t.name, kind: 'trail', arn: t.arn, account: t.account, homeRegion: t.homeRegion, multiRegion: t.multiRegion,
      organization: t.organization, logging: t.logging, s3Bucket: t.s3Bucket, cloudWatchLogsGroup: t.cloudWatchLogsGroup,
      insights: t.insights ?? [],
      ...(t.dataInsights?.length ? { dataInsights: t.dataInsights } : {}),
      ...(t.recursiveLogging !== undefined ? { recursiveLogging: t.recursiveLogging } : {}),
      ...(t.telemetryRule ? { telemetryRule: true, insights: [], dataInsights: undefined } : {}),
    },
    advanced as AdvancedEventSelector[],
  );
}

export function eventDataStoreSpec(e: EventDataStore): TrailSpec {
  return withSelectors(
    {
      name: e.name, kind: 'eventDataStore', arn: e.arn, account: e.account, homeRegion: e.homeRegion, multiRegion: e.multiRegion,
      organization: e.organization, logging: true, lake: e.retention, insights: [],
      ...(e.retentionDays !== undefined ? { retentionDays: e.retentionDays } : {}),
    },
    e.selectors as AdvancedEventSelector[],
  );
}

/** The same trail with another selector set (the optimizer's proposals). */
export function withAdvancedSelectors(t: TrailSpec, selectors: AdvancedEventSelector[]): TrailSpec {
  const { compiled: _c, management: _m, advanced: _a, ...base } = t;
  return withSelectors(base, selectors);
}

/** Accounts whose events the trail delivers (model/governance's reach). */
export function coveredAccounts(t: TrailSpec, accounts: readonly string[], orgAccounts: ReadonlySet<string>): string[] {
  return accounts.filter((a) => delivers(t, a, null, orgAccounts));
}
