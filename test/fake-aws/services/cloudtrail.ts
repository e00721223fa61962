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
    PutEventSelectors(req, ctx) {
      // Checked as AWS documents it, independently of trailcost's linter (the fake must not share its mistakes).
      const key = String(req.input.TrailName ?? '');
      const t = ctx.truth.trails.find((x) => (x.arn === key || x.name === key) && (x.account === req.account || x.visibleTo === 'organization'));
      if (!t) throw new AwsError('TrailNotFoundException', `Unknown trail: ${key} for the user: ${req.account}`);
      if (t.homeRegion !== req.region) throw new AwsError('InvalidHomeRegionException', `This operation must be called from the trail's home region, ${t.homeRegion}.`);
      if (t.account !== req.account) {
        throw new AwsError('NotOrganizationMasterAccountException', `The account ${req.account} is not the management account of the organization that owns the trail ${t.arn}.`);
      }
      const adv = req.input.AdvancedEventSelectors as Array<Record<string, unknown>> | undefined;
      const basic = req.input.EventSelectors as Array<Record<string, unknown>> | undefined;
      if (adv !== undefined && basic !== undefined) {
        throw new AwsError('InvalidParameterCombinationException', 'You cannot apply both event selectors and advanced event selectors to a trail.');
      }
      if (adv === undefined && basic === undefined) throw new AwsError('InvalidEventSelectorsException', 'Specify EventSelectors or AdvancedEventSelectors.');
      if (adv !== undefined) {
        let values = 0;
        for (const [i, sel] of adv.entries()) {
          const fields = sel.FieldSelectors as Array<Record<string, unknown>> | undefined;
          if (!fields?.length) throw new AwsError('InvalidEventSelectorsException', `Advanced event selector ${i} has no field selectors.`);
          const category = fields.find((f) => f.Field === 'eventCategory');
          if (!Array.isArray(category?.Equals) || category.Equals.length === 0) {
            throw new AwsError('InvalidEventSelectorsException', `Advanced event selector ${i} must have an eventCategory field with Equals.`);
          }
          for (const f of fields) {
            for (const op of ['Equals', 'StartsWith', 'EndsWith', 'NotEquals', 'NotStartsWith', 'NotEndsWith']) {
              const v = f[op];
              if (v === undefined) continue;
              if (!Array.isArray(v) || v.length === 0) throw new AwsError('InvalidEventSelectorsException', `Field ${String(f.Field)}: ${op} must not be empty.`);
              values += v.length;
            }
          }
        }
        if (values > 500) throw new AwsError('InvalidEventSelectorsException', `The total number of values in advanced event selectors (${values}) exceeds the limit of 500.`);
        t.selectors = { kind: 'advanced', selectors: adv as never };
        return { TrailARN: t.arn, AdvancedEventSelectors: adv };
      }
      if (basic!.length > 5) throw new AwsError('InvalidEventSelectorsException', 'A trail can have at most 5 event selectors.');
      const resources = basic!.reduce((n, b) => n + ((b.DataResources as Array<{ Values?: unknown[] }> | undefined) ?? []).reduce((m, r) => m + (r.Values?.length ?? 0), 0), 0);
      if (resources > 250) throw new AwsError('InvalidEventSelectorsException', `The number of data resources (${resources}) exceeds the limit of 250.`);
      t.selectors = { kind: 'basic', selectors: basic as never };
      return { TrailARN: t.arn, EventSelectors: basic };
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
