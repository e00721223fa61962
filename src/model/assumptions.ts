/**
 * Modeling and pricing assumptions with their defaults (aws-facts §1, §5). Every one is shown to the user
 * with where it came from; a scenario (or a variant) overrides them.
 */
export interface ModelAssumptions {
  /** Uncompressed bytes per CloudTrail record; AWS's published average is about 1,500. */
  eventSizeBytes: number;
  /** Multiplier on every measured or declared volume. */
  growth: number;
  /** Uncompressed / gzip ratio of log files in S3 (about 10). */
  compressionRatio: number;
  /** Share of S3 DeleteRequests that are DeleteObjects calls, and keys per call (per-key events on top). */
  deleteObjects: { share: number; keysPerCall: number };
  /** Async share for functions whose share is not known; null = unknown (InvokeExecution volume unknown). */
  lambdaAsyncShare: number | null;
  /** Monthly query workload (compressed GB scanned); null = no query workload modeled. */
  queries: { gbScannedPerMonth: number; queriesPerMonth?: number } | null;
  /** Months of logs kept (steady-state storage = monthly volume × months). */
  retentionMonths: number;
  /** Existing CloudTrail Lake customer? Lake is closed to new customers from 2026-05-31. null = not said. */
  lakeExistingCustomer: boolean | null;
  /** Region used to price items that have no Region of their own. */
  pricingRegion: string;
}

export const DEFAULT_ASSUMPTIONS: ModelAssumptions = {
  eventSizeBytes: 1500,
  growth: 1,
  compressionRatio: 10,
  deleteObjects: { share: 0, keysPerCall: 1 },
  lambdaAsyncShare: null,
  queries: null,
  retentionMonths: 12,
  lakeExistingCustomer: null,
  pricingRegion: 'us-east-1',
};

/** Hours in the month every volume is scaled to (AWS's 730-hour month). */
export const MONTH_HOURS = 730;
