/** Cost Explorer (awsJson1_1): GetCostAndUsage for SERVICE = AWS CloudTrail, monthly, by usage type and account. */
import { AwsError, pageOffset, pageToken } from '../protocol.js';
import type { ServiceHandler } from '../server.js';

const DAY = 86_400_000;

function months(start: Date, end: Date): Array<{ start: Date; end: Date }> {
  const out: Array<{ start: Date; end: Date }> = [];
  let s = start;
  while (s < end) {
    const next = new Date(Date.UTC(s.getUTCFullYear(), s.getUTCMonth() + 1, 1));
    const e = next < end ? next : end;
    out.push({ start: s, end: e });
    s = e;
  }
  return out;
}
const ymd = (d: Date) => d.toISOString().slice(0, 10);

const costExplorer: ServiceHandler = {
  signingName: 'ce',
  protocol: 'awsJson1_1',
  throttle: { code: 'LimitExceededException', status: 400 },
  operations: {
    GetCostAndUsage(req, ctx) {
      const tp = req.input.TimePeriod ?? {};
      const start = new Date(`${tp.Start}T00:00:00Z`);
      const end = new Date(`${tp.End}T00:00:00Z`);
      if (isNaN(start.getTime()) || isNaN(end.getTime()) || end <= start) {
        throw new AwsError('ValidationException', 'Start date (and hour) should be before end date (and hour)');
      }
      if (req.input.Granularity !== 'MONTHLY') throw new AwsError('ValidationException', 'The fake serves MONTHLY granularity only.');
      const services = req.input.Filter?.Dimensions?.Key === 'SERVICE' ? (req.input.Filter.Dimensions.Values as string[]) : [];
      const groupKeys = ((req.input.GroupBy ?? []) as Array<{ Key: string }>).map((g) => g.Key);
      const today = new Date(Math.floor(ctx.now.getTime() / DAY) * DAY);
      const mgmt = ctx.truth.organization.managementAccount;
      const flat: Array<{ period: { start: Date; end: Date }; keys: string[]; qty: number; unit: string; cost: number }> = [];
      const periods = months(start, end);
      for (const p of periods) {
        if (!services.includes('AWS CloudTrail')) continue;
        const agg = new Map<string, { qty: number; cost: number; unit: string }>();
        for (const r of ctx.truth.billing(p.start, p.end < today ? p.end : today)) {
          // A member account's Cost Explorer shows only its own usage.
          if (req.account !== mgmt && r.account !== req.account) continue;
          const keys = groupKeys.map((k) => (k === 'USAGE_TYPE' ? r.usageType : k === 'LINKED_ACCOUNT' ? r.account : 'NoKey'));
          const k = keys.join('\u0000');
          const a = agg.get(k) ?? { qty: 0, cost: 0, unit: r.unit };
          a.qty += r.quantity;
          a.cost += r.cost;
          agg.set(k, a);
        }
        for (const [k, a] of agg) flat.push({ period: p, keys: k.split('\u0000'), qty: a.qty, unit: a.unit, cost: a.cost });
      }
      const offset = pageOffset(req.input.NextPageToken);
      const size = ctx.pageSize(1000);
      const page = flat.slice(offset, offset + size);
      const results = periods.map((p) => ({
        TimePeriod: { Start: ymd(p.start), End: ymd(p.end) },
        Total: {},
        Groups: page.filter((g) => g.period === p).map((g) => ({
          Keys: g.keys,
          Metrics: {
            UnblendedCost: { Amount: g.cost.toFixed(10), Unit: 'USD' },
            UsageQuantity: { Amount: String(g.qty), Unit: g.unit },
          },
        })),
        // The current month is not closed yet: AWS marks it estimated.
        Estimated: p.end > new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), 1)),
      }));
      return {
        GroupDefinitions: groupKeys.map((Key) => ({ Type: 'DIMENSION', Key })),
        ResultsByTime: results,
        DimensionValueAttributes: [],
        ...(offset + size < flat.length ? { NextPageToken: pageToken(offset + size) } : {}),
      };
    },
  },
};
export default costExplorer;
