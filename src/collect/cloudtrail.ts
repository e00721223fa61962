/**
 * CloudTrail: every trail the account sees (ListTrails, paged, all Regions), described and read in its home
 * Region (DescribeTrails, GetTrailStatus, GetEventSelectors, GetInsightSelectors when enabled), and the event
 * data stores of each scanned Region. Organization trails appear in every member account: callers dedupe by ARN.
 */
import {
  DescribeTrailsCommand, GetEventDataStoreCommand, GetEventSelectorsCommand, GetInsightSelectorsCommand,
  GetTrailStatusCommand, ListEventDataStoresCommand, ListTrailsCommand, type AdvancedEventSelector as SdkAdvanced,
  type EventSelector as SdkBasic,
} from '@aws-sdk/client-cloudtrail';
import type { EventDataStore, Trail } from '../model/snapshot.js';
import type { ClientFactory } from './clients.js';
import type { GapLog } from './gaps.js';
import { OPERATORS, type Operator } from '../selectors/types.js';

export interface TrailInfo { arn: string; name: string; homeRegion: string }

export async function listTrails(clients: ClientFactory, account: string, region: string): Promise<TrailInfo[]> {
  const ct = clients.get('cloudtrail', account, region);
  const out: TrailInfo[] = [];
  let token: string | undefined;
  do {
    const page = await ct.send(new ListTrailsCommand({ NextToken: token }));
    for (const t of page.Trails ?? []) if (t.TrailARN && t.Name && t.HomeRegion) out.push({ arn: t.TrailARN, name: t.Name, homeRegion: t.HomeRegion });
    token = page.NextToken || undefined;
  } while (token);
  return out;
}

export function toAdvanced(sel: SdkAdvanced[]): Array<{ Name?: string; FieldSelectors: Array<{ Field: string } & Partial<Record<Operator, string[]>>> }> {
  return sel.map((s) => ({
    ...(s.Name !== undefined ? { Name: s.Name } : {}),
    FieldSelectors: (s.FieldSelectors ?? []).map((f) => {
      const out: { Field: string } & Partial<Record<Operator, string[]>> = { Field: f.Field ?? '' };
      for (const op of OPERATORS) if (f[op]?.length) out[op] = [...f[op]!];
      return out;
    }),
  }));
}

function toBasic(sel: SdkBasic[]): Array<NonNullable<Extract<Trail['selectors'], { kind: 'basic' }>['selectors']>[number]> {
  return sel.map((s) => ({
    ...(s.ReadWriteType ? { ReadWriteType: s.ReadWriteType } : {}),
    ...(s.IncludeManagementEvents !== undefined ? { IncludeManagementEvents: s.IncludeManagementEvents } : {}),
    ...(s.DataResources?.length ? { DataResources: s.DataResources.map((d) => ({ Type: d.Type ?? '', Values: [...(d.Values ?? [])] })) } : {}),
    ...(s.ExcludeManagementEventSources?.length ? { ExcludeManagementEventSources: [...s.ExcludeManagementEventSources] } : {}),
  }));
}

const accountOf = (arn: string) => arn.split(':')[4] ?? '';

type InsightType = 'ApiCallRateInsight' | 'ApiErrorRateInsight';

/** The Insights types enabled on a category; a selector without EventCategories means management events only. */
function insightTypes(selectors: Array<{ InsightType?: string; EventCategories?: string[] }> | undefined, category: 'Management' | 'Data'): InsightType[] {
  return (selectors ?? [])
    .filter((i) => (i.EventCategories?.length ? i.EventCategories : ['Management']).includes(category))
    .map((i) => i.InsightType)
    .filter((t): t is InsightType => t === 'ApiCallRateInsight' || t === 'ApiErrorRateInsight');
}

/** Describe and read the given trails (all with the same home Region) as the given account. */
export async function readTrails(clients: ClientFactory, account: string, homeRegion: string, infos: TrailInfo[], gaps: GapLog): Promise<Trail[]> {
  const ct = clients.get('cloudtrail', account, homeRegion);
  const described = await ct.send(new DescribeTrailsCommand({ trailNameList: infos.map((t) => t.arn), includeShadowTrails: false }));
  const out = await Promise.all((described.trailList ?? []).map(async (d): Promise<Trail | undefined> => {
    const arn = d.TrailARN ?? '';
    const where = { service: 'cloudtrail', account, region: homeRegion, resource: arn };
    try {
      const [status, selectors, insights] = await Promise.all([
        ct.send(new GetTrailStatusCommand({ Name: arn })),
        ct.send(new GetEventSelectorsCommand({ TrailName: arn })),
        d.HasInsightSelectors ? ct.send(new GetInsightSelectorsCommand({ TrailName: arn })) : Promise.resolve(undefined),
      ]);
      const sel: Trail['selectors'] = selectors.AdvancedEventSelectors?.length
        ? { kind: 'advanced', selectors: toAdvanced(selectors.AdvancedEventSelectors) }
        : { kind: 'basic', selectors: toBasic(selectors.EventSelectors ?? []) };
      const trail: Trail = {
        name: d.Name ?? arn, arn, account: accountOf(arn) || account, homeRegion: d.HomeRegion ?? homeRegion,
        multiRegion: Boolean(d.IsMultiRegionTrail), organization: Boolean(d.IsOrganizationTrail),
        logging: Boolean(status.IsLogging), s3Bucket: d.S3BucketName ?? '',
        insights: insightTypes(insights?.InsightSelectors, 'Management'),
        selectors: sel,
      };
      const dataInsights = insightTypes(insights?.InsightSelectors, 'Data');
      if (dataInsights.length) trail.dataInsights = dataInsights;
      if (d.S3KeyPrefix) trail.s3KeyPrefix = d.S3KeyPrefix;
      // Absent in responses of older API versions: unknown, not false.
      if (typeof d.RecursiveLogging === 'boolean') trail.recursiveLogging = d.RecursiveLogging;
      if (d.CloudWatchLogsLogGroupArn) trail.cloudWatchLogsGroup = d.CloudWatchLogsLogGroupArn;
      return trail;
    } catch (err) {
      gaps.record({ ...where, operation: 'GetEventSelectors' }, err);
      return undefined;
    }
  }));
  return out.filter((t): t is Trail => t !== undefined);
}

export async function listEventDataStores(clients: ClientFactory, account: string, region: string): Promise<EventDataStore[]> {
  const ct = clients.get('cloudtrail', account, region);
  const arns: string[] = [];
  let token: string | undefined;
  do {
    const page = await ct.send(new ListEventDataStoresCommand({ NextToken: token }));
    for (const e of page.EventDataStores ?? []) if (e.EventDataStoreArn) arns.push(e.EventDataStoreArn);
    token = page.NextToken || undefined;
  } while (token);
  return Promise.all(arns.map(async (arn) => {
    const e = await ct.send(new GetEventDataStoreCommand({ EventDataStore: arn }));
    const store: EventDataStore = {
      arn, name: e.Name ?? arn, account: accountOf(arn) || account, homeRegion: region,
      multiRegion: Boolean(e.MultiRegionEnabled), organization: Boolean(e.OrganizationEnabled),
      // Stores created before billing modes existed are seven-year (fixed) retention.
      retention: e.BillingMode === 'EXTENDABLE_RETENTION_PRICING' ? 'one-year' : 'seven-year',
      selectors: toAdvanced(e.AdvancedEventSelectors ?? []),
    };
    if (e.RetentionPeriod) store.retentionDays = e.RetentionPeriod;
    return store;
  }));
}
