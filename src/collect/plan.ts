/**
 * What a scan costs and how many calls it makes. GetMetricData is billed per metric requested and Cost Explorer
 * per request (aws-facts §2, §5); list and describe calls are free.
 */
import { MAX_QUERIES_PER_CALL } from './cloudwatch.js';

export const GET_METRIC_DATA_PRICE_PER_1000_METRICS = 0.01;
export const COST_EXPLORER_PRICE_PER_REQUEST = 0.01;
/** Datapoints per GetMetricData response before it pages. */
export const MAX_DATAPOINTS_PER_RESPONSE = 100_800;

export interface Plan {
  accounts: number;
  regions: string[];
  metrics: { s3: number; lambda: number; dynamodb: number; storageLens: number; total: number };
  /** Calls per API (inventory calls as made; GetMetricData and Cost Explorer as planned). */
  calls: Record<string, number>;
  getMetricDataCalls: number;
  costExplorerRequests: number;
  cost: { getMetricData: number; costExplorer: number; total: number };
}

/** GetMetricData calls for `metrics` metrics in one account and Region over `days` daily points. */
export function getMetricDataCalls(metrics: number, days: number): number {
  let calls = 0;
  for (let left = metrics; left > 0; left -= MAX_QUERIES_PER_CALL) {
    const batch = Math.min(left, MAX_QUERIES_PER_CALL);
    calls += Math.max(1, Math.ceil((batch * days) / MAX_DATAPOINTS_PER_RESPONSE));
  }
  return calls;
}

export function buildPlan(input: {
  accounts: number; regions: string[]; inventoryCalls: Record<string, number>;
  metricsPerPlace: Array<{ s3: number; lambda: number; dynamodb: number; storageLens?: number }>; days: number; billing: boolean;
}): Plan {
  const metrics = { s3: 0, lambda: 0, dynamodb: 0, storageLens: 0, total: 0 };
  let gmd = 0;
  for (const m of input.metricsPerPlace) {
    metrics.s3 += m.s3;
    metrics.lambda += m.lambda;
    metrics.dynamodb += m.dynamodb;
    metrics.storageLens += m.storageLens ?? 0;
    gmd += getMetricDataCalls(m.s3 + m.lambda + m.dynamodb + (m.storageLens ?? 0), input.days);
  }
  metrics.total = metrics.s3 + metrics.lambda + metrics.dynamodb + metrics.storageLens;
  const ce = input.billing ? 1 : 0;
  const calls = { ...input.inventoryCalls };
  if (gmd) calls['CloudWatch:GetMetricData'] = gmd;
  if (ce) calls['CostExplorer:GetCostAndUsage'] = ce;
  const cost = {
    getMetricData: (metrics.total / 1000) * GET_METRIC_DATA_PRICE_PER_1000_METRICS,
    costExplorer: ce * COST_EXPLORER_PRICE_PER_REQUEST,
    total: 0,
  };
  cost.total = cost.getMetricData + cost.costExplorer;
  return { accounts: input.accounts, regions: input.regions, metrics, calls, getMetricDataCalls: gmd, costExplorerRequests: ce, cost };
}
