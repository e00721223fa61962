/**
 * Cost Explorer: billed CloudTrail usage by usage type and linked account, for the last full month and the
 * current month so far, in one request (monthly granularity) plus its pages. Each request costs $0.01.
 */
import { GetCostAndUsageCommand } from '@aws-sdk/client-cost-explorer';
import type { BillingRow } from '../model/snapshot.js';
import type { ClientFactory } from './clients.js';

const ymd = (d: Date) => d.toISOString().slice(0, 10);

/** [first day of last month, today): the last full month and the current month up to yesterday. */
export function billingPeriod(today: Date): { start: Date; end: Date } {
  const end = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate()));
  const start = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() - 1, 1));
  return { start, end };
}

export async function getCloudTrailBilling(clients: ClientFactory, account: string, today: Date): Promise<BillingRow[]> {
  // Cost Explorer's endpoint lives in us-east-1 whatever the scan's Region.
  const ce = clients.get('costexplorer', account, 'us-east-1');
  const { start, end } = billingPeriod(today);
  const rows: BillingRow[] = [];
  let token: string | undefined;
  do {
    const page = await ce.send(new GetCostAndUsageCommand({
      TimePeriod: { Start: ymd(start), End: ymd(end) },
      Granularity: 'MONTHLY',
      Filter: { Dimensions: { Key: 'SERVICE', Values: ['AWS CloudTrail'] } },
      GroupBy: [{ Type: 'DIMENSION', Key: 'USAGE_TYPE' }, { Type: 'DIMENSION', Key: 'LINKED_ACCOUNT' }],
      Metrics: ['UnblendedCost', 'UsageQuantity'],
      NextPageToken: token,
    }));
    for (const r of page.ResultsByTime ?? []) {
      const period = { start: `${r.TimePeriod?.Start}T00:00:00.000Z`, end: `${r.TimePeriod?.End}T00:00:00.000Z` };
      for (const g of r.Groups ?? []) {
        const [usageType, linked] = g.Keys ?? [];
        if (!usageType) continue;
        const qty = g.Metrics?.UsageQuantity;
        const row: BillingRow = {
          // A missing amount is not 0: NaN here, so the row is left out as a gap (collect/validate-snapshot.ts).
          period, usageType, quantity: Number(qty?.Amount ?? Number.NaN), unit: qty?.Unit, cost: Number(g.Metrics?.UnblendedCost?.Amount ?? Number.NaN),
          estimated: Boolean(r.Estimated),
        };
        if (linked && /^\d{12}$/.test(linked)) row.account = linked;
        rows.push(row);
      }
    }
    token = page.NextPageToken || undefined;
  } while (token);
  return rows;
}
