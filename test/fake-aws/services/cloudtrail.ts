/**
 * CloudTrail (awsJson1_1): trails and event data stores. Operations not here (the Lake query API) fall through
 * to the optional services/cloudtrail-lake.ts (see server.ts).
 */
import { AwsError, pageOffset, pageToken } from '../protocol.js';
import type { FakeContext, FakeRequest, ServiceHandler } from '../server.js';
import type { SeededTrail } from '../seed.js';

/** Trails an account sees: its own, plus the organization's trails in member accounts. */
function visible(req: FakeRequest, ctx: FakeContext): SeededTrail[] {
  return ctx.truth.trails.filter((t) => t.account === req.account || t.visibleTo === 'organization');
}

function findTrail(req: FakeRequest, ctx: FakeContext, nameOrArn: unknown): SeededTrail {
  const key = String(nameOrArn ?? '');
  const t = visible(req, ctx).find((x) => (x.arn === key || x.name === key) && x.homeRegion === req.region);
  if (!t) throw new AwsError('TrailNotFoundException', `Unknown trail: ${key} for the user: ${req.account}`);
  return t;
}

function describe(t: SeededTrail) {
  return {
    Name: t.name, S3BucketName: t.s3Bucket, S3KeyPrefix: t.s3KeyPrefix, IncludeGlobalServiceEvents: true,
    IsMultiRegionTrail: t.multiRegion, HomeRegion: t.homeRegion, TrailARN: t.arn, LogFileValidationEnabled: true,
    CloudWatchLogsLogGroupArn: t.cloudWatchLogsGroup, HasCustomEventSelectors: true,
    HasInsightSelectors: t.insights.length > 0 || (t.dataInsights?.length ?? 0) > 0, IsOrganizationTrail: t.organization,
    // Answered only for trails seeded with it, as an older API version would leave it out.
    ...(t.recursiveLogging !== undefined ? { RecursiveLogging: t.recursiveLogging } : {}),
  };
}

const cloudtrail: ServiceHandler = {
  signingName: 'cloudtrail',
  protocol: 'awsJson1_1',
  throttle: { code: 'ThrottlingException', status: 400 },
  operations: {
    ListTrails(req, ctx) {
      const all = visible(req, ctx);
      const start = pageOffset(req.input.NextToken);
      const size = ctx.pageSize(50);
      return {
        Trails: all.slice(start, start + size).map((t) => ({ TrailARN: t.arn, Name: t.name, HomeRegion: t.homeRegion })),
        ...(start + size < all.length ? { NextToken: pageToken(start + size) } : {}),
      };
    },
    DescribeTrails(req, ctx) {
      const names = req.input.trailNameList as string[] | undefined;
      const shadows = req.input.includeShadowTrails !== false;
      let list = visible(req, ctx).filter((t) => t.homeRegion === req.region || (shadows && t.multiRegion));
      if (names?.length) list = list.filter((t) => names.includes(t.name) || names.includes(t.arn));
      return { trailList: list.map(describe) };
    },
    GetTrailStatus(req, ctx) {
      const t = findTrail(req, ctx, req.input.Name);
      return { IsLogging: t.logging, LatestDeliveryTime: Math.floor(ctx.now.getTime() / 1000) - 300 };
    },
    GetEventSelectors(req, ctx) {
      const t = findTrail(req, ctx, req.input.TrailName);
      return t.selectors.kind === 'advanced'
        ? { TrailARN: t.arn, AdvancedEventSelectors: t.selectors.selectors }
        : { TrailARN: t.arn, EventSelectors: t.selectors.selectors };
    },
    GetInsightSelectors(req, ctx) {
      const t = findTrail(req, ctx, req.input.TrailName);
      const data = t.dataInsights ?? [];
      if (!t.insights.length && !data.length) throw new AwsError('InsightNotEnabledException', `Trail ${t.name} does not have Insights enabled.`);
      // One selector per type; EventCategories only when data events are in it (as AWS answers for older trails).
      const types = [...new Set([...t.insights, ...data])];
      return {
        TrailARN: t.arn,
        InsightSelectors: types.map((InsightType) => data.includes(InsightType)
          ? { InsightType, EventCategories: [...(t.insights.includes(InsightType) ? ['Management'] : []), 'Data'] }
          : { InsightType }),
      };
    },
    ListEventDataStores(req, ctx) {
      const all = ctx.truth.eventDataStores.filter((e) => e.account === req.account && e.homeRegion === req.region);
      const start = pageOffset(req.input.NextToken);
      const size = ctx.pageSize(Math.min(Number(req.input.MaxResults ?? 1000), 1000));
      return {
        EventDataStores: all.slice(start, start + size).map((e) => ({ EventDataStoreArn: e.arn, Name: e.name })),
        ...(start + size < all.length ? { NextToken: pageToken(start + size) } : {}),
      };
    },
    GetEventDataStore(req, ctx) {
      const key = String(req.input.EventDataStore ?? '');
      const e = ctx.truth.eventDataStores.find((x) => (x.arn === key || x.arn.endsWith(`/${key}`)) && x.account === req.account);
      if (!e) throw new AwsError('EventDataStoreNotFoundException', `The specified event data store ${key} was not found.`);
      return {
        EventDataStoreArn: e.arn, Name: e.name, Status: 'ENABLED', AdvancedEventSelectors: e.selectors,
        MultiRegionEnabled: e.multiRegion, OrganizationEnabled: e.organization, RetentionPeriod: e.retentionDays,
        TerminationProtectionEnabled: true,
        BillingMode: e.retention === 'one-year' ? 'EXTENDABLE_RETENTION_PRICING' : 'FIXED_RETENTION_PRICING',
      };
    },
  },
};
export default cloudtrail;
