/**
 * Result shapes of the estimate: what each trail (or Lake event data store) logs and what it costs, broken down
 * by account, Region, resource node and event class, with calibration against billed usage and warnings.
 * Every quantity is a Span (low..high): a selector boundary that splits a node whose split is unknown gives a
 * range, never a guess. Unknown volumes are counted separately (`unknown`), never folded in as zero.
 */

import type { DuplicateDelivery } from './duplicates.js';

/** A closed range; low === high when the number is known exactly. */
export interface Span {
  low: number;
  high: number;
}

/** Where a trail's events end up (and what is billed for them). */
export type Destination = 'cloudtrail' | 's3' | 'cloudwatch' | 'lake' | 'athena';

/** One priced line: a quantity of a priced item (price book id) and its cost. */
export interface CostLine {
  /** Price book entry id, e.g. `cloudtrail.dataEvents`. */
  price: string;
  destination: Destination;
  /** Human label, e.g. "Data events delivered". */
  label: string;
  quantity: Span;
  unit: string;
  usd: Span;
  note?: string;
}

/** Nodes (node × class pairs) whose volume is unknown but which the selectors would log (fully or partly). */
export interface UnknownCount {
  nodes: number;
  classes: number;
  /** Ids of the nodes (capped for display by printers). */
  nodeIds: string[];
}

/** A trail or Lake event data store and where it applies: shared by the estimate's input (TrailSpec) and output. */
export interface TrailIdentity {
  name: string;
  kind: 'trail' | 'eventDataStore';
  arn: string;
  account: string;
  homeRegion: string;
  multiRegion: boolean;
  organization: boolean;
}

export interface TrailEstimate extends TrailIdentity {
  /** Accounts and Regions whose events this trail can see. */
  coveredAccounts: string[];
  coveredRegions: string[];
  /** Destinations it delivers to (s3 bucket name, log group, Lake store). */
  destinations: { s3Bucket?: string; cloudWatchLogsGroup?: string; lake?: 'one-year' | 'seven-year' };
  /** Data events delivered per month. */
  dataEvents: Span;
  /** Management events delivered per month and how many of them are paid extra copies. */
  managementEvents: Span;
  managementPaidCopies: Span;
  /** Network activity events delivered per month (declared volumes; zero when none are declared). */
  networkEvents: Span;
  unknown: UnknownCount;
  lines: CostLine[];
  usd: Span;
  byDestination: Partial<Record<Destination, Span>>;
  /**
   * Cross-account copies included in dataEvents: calls this trail's accounts' principals make on other accounts'
   * resources (from sampled callers), and how many such resources have no caller split (not counted).
   */
  crossAccount: { events: Span; unknownNodes: number };
  /** Does this trail follow the scenario policy (i.e. is it part of "proposed")? */
  governed: boolean;
  /**
   * This governed trail with the selectors the optimizer would write, evaluated like "now" (absent when nothing
   * was proposed). status: the optimizer's (`unsatisfiable` and `proof-failed` keep today's selectors).
   */
  proposed?: { dataEvents: Span; usd: Span; status: string };
}

/** Modeled vs billed for one usage type family in one Region. */
export interface CalibrationRow {
  region: string;
  /** Usage type suffix, e.g. `DataEventsRecorded`. */
  usageType: string;
  modeled: Span;
  /** Billed quantity scaled to one month (null when the billing rows have none for this Region). */
  billed: number | null;
  billedUsd: number | null;
  /** billed / modeled midpoint; null when either side is missing or zero. */
  ratio: number | null;
  /** The bill falls inside a wide modeled range: it agrees with the model whatever the ratio to the middle. */
  inRange: boolean;
  /** Neither in range nor within 0.8–1.25× of the middle: volumes may be missing or stale (a warning). */
  outOfLine: boolean;
}

/**
 * CloudTrail usage Cost Explorer billed that the calibration does not compare with the model (network activity
 * events, Insights, Lake ingestion / storage / queries, usage types not recognized), so the bill can be reconciled.
 */
export interface BilledOther {
  /** null: the usage type names no Region trailcost knows. */
  region: string | null;
  usageType: string;
  /** What the usage type is, in words. */
  what: string;
  /** Billed quantity and cost, scaled to one month. */
  quantity: number;
  usd: number;
}

export interface EstimateWarning {
  level: 'info' | 'warning';
  /** Stable code users can grep: `own-bucket`, `duplicate-trail`, `unknown-volume`, `lake-new-customers`, ... */
  code: string;
  message: string;
  trail?: string;
  nodeId?: string;
}

export interface Assumption {
  key: string;
  value: string;
  /** Where it came from: `default`, `scenario`, `variant:<name>`, `price book`. */
  source: string;
  note?: string;
}

/**
 * The seed's question: the same data events kept in S3 and queried with Athena, or ingested into Lake and
 * queried there, each with the scenario's monthly query workload.
 */
export interface QueryComparison {
  gbScannedPerMonth: number;
  athenaUsd: number;
  lakeUsd: number;
  /** Data events compared (those of the governed trails, else of every trail with data events). */
  events: Span;
  /** CloudTrail delivery + S3 storage + Athena queries. */
  s3PlusAthena: Span;
  /** Lake ingestion (one-year / seven-year retention) + Lake queries. */
  lakeOneYear: Span;
  lakeSevenYear: Span;
  /** The rates behind the comparison, from the price book (for labels). */
  rates: { athenaQuery: string; lakeIngestOneYear: string; lakeQuery: string };
  lakeWarning?: string;
}

export type GroupBy = 'trail' | 'account' | 'region' | 'resource' | 'prefix' | 'event';
export const GROUP_BYS: readonly GroupBy[] = ['trail', 'account', 'region', 'resource', 'prefix', 'event'];

export interface EstimateResult {
  scenario: string;
  /** Month basis: all volumes are per month of 730 hours. */
  trails: TrailEstimate[];
  total: {
    usd: Span;
    dataEvents: Span;
    byDestination: Partial<Record<Destination, Span>>;
    unknown: UnknownCount;
    /** Organization-level lines not tied to one trail (the query workload). */
    lines: CostLine[];
  };
  /**
   * With the proposed selectors (governed trails; others unchanged): the engine's evaluation of the sets that
   * would be written. savings = now − proposed per consistent reading of the unknown splits (not a difference of
   * two ranges). null when nothing was proposed (no policy, or not asked).
   */
  proposed: { usd: Span; dataEvents: Span; savings: { usd: Span; dataEvents: Span } } | null;
  /** Data events logged more than once (several trails): extra deliveries and their cost. */
  duplicates: { events: Span; usd: Span };
  /** Every duplicate delivery (management copies, data events of several trails, cross-account copies) with its cost. */
  duplicateDeliveries: DuplicateDelivery[];
  /** Share of the volume the policy marks sensitive (keep) that the trails log. */
  sensitiveCoverage: { sensitive: Span; logged: Span } | null;
  calibration: CalibrationRow[];
  /** Billed CloudTrail usage the calibration does not compare with the model (same billing period). */
  billedOther: BilledOther[];
  queries: QueryComparison | null;
  warnings: EstimateWarning[];
  assumptions: Assumption[];
}

/** A breakdown row for `--by`. */
export interface BreakdownRow {
  key: string;
  label: string;
  /** Per trail: events and cost (known parts), and how many of its classes here are of unknown volume. */
  perTrail: Record<string, { events: Span; usd: Span; unknown: number }>;
  events: Span;
  usd: Span;
  unknown: number;
  provenance?: string;
}

/** `compare`: the baseline and every variant. */
export interface CompareRow {
  name: string;
  description?: string;
  usd: Span;
  byDestination: Partial<Record<Destination, Span>>;
  dataEvents: Span;
  sensitiveCoverage: { sensitive: Span; logged: Span } | null;
  deltaUsd: Span;
  warnings: number;
}
