/**
 * Billed usage rows (Cost Explorer) as monthly quantities. A scan reads two periods (the last full month and the
 * month to date): everything that reads the bill uses one of them, scaled to the 730-hour month, never their sum.
 */
import { MONTH_HOURS } from './assumptions.js';
import type { BillingRow } from './snapshot.js';

/** The billing period to read: the latest complete one, else the latest (estimated) one. */
export function pickPeriod(billing: readonly BillingRow[]): BillingRow['period'] {
  const byEnd = (a: BillingRow, b: BillingRow) => Date.parse(b.period.end) - Date.parse(a.period.end);
  const complete = billing.filter((r) => !r.estimated).sort(byEnd);
  return (complete[0] ?? [...billing].sort(byEnd)[0]).period;
}

/** The rows of the period `pickPeriod` chooses (none when there are none). */
export function rowsOfOnePeriod(billing: readonly BillingRow[]): BillingRow[] {
  if (billing.length === 0) return [];
  const p = pickPeriod(billing);
  return billing.filter((r) => r.period.start === p.start && r.period.end === p.end);
}

/** Factor from a period's quantity to a 730-hour month; null for an empty or reversed period. */
export function monthScale(period: BillingRow['period']): number | null {
  const hours = (Date.parse(period.end) - Date.parse(period.start)) / 3_600_000;
  return hours > 0 ? MONTH_HOURS / hours : null;
}
