/**
 * `compare`: the baseline and every variant of a scenario, side by side — monthly cost by destination, data
 * events, sensitive coverage and the delta vs the baseline. Pure: inputs in, rows out.
 */
import type { LoadedInput } from '../scenario/input.js';
import { variantInput } from '../scenario/input.js';
import { createEstimator } from './estimator.js';
import type { CompareRow, EstimateResult } from './types.js';

export interface CompareResult {
  scenario: string;
  rows: CompareRow[];
  /** The full estimate of each row, by name (baseline first). */
  estimates: Record<string, EstimateResult>;
}

export function compareRow(name: string, description: string | undefined, r: EstimateResult, base: EstimateResult | null): CompareRow {
  return {
    name,
    description,
    usd: r.total.usd,
    byDestination: r.total.byDestination,
    dataEvents: r.total.dataEvents,
    sensitiveCoverage: r.sensitiveCoverage,
    deltaUsd: base ? { low: r.total.usd.low - base.total.usd.low, high: r.total.usd.high - base.total.usd.high } : { low: 0, high: 0 },
    warnings: r.warnings.filter((w) => w.level === 'warning').length,
  };
}

export function compareVariants(input: LoadedInput, only?: readonly string[]): CompareResult {
  const base = createEstimator(input).result();
  const rows: CompareRow[] = [compareRow('baseline', input.scenario?.description, base, null)];
  const estimates: Record<string, EstimateResult> = { baseline: base };
  for (const v of input.variants) {
    if (only && only.length > 0 && !only.includes(v.name)) continue;
    const r = createEstimator(variantInput(input, v.name)).result();
    rows.push(compareRow(v.name, v.description, r, base));
    estimates[v.name] = r;
  }
  return { scenario: input.name, rows, estimates };
}
