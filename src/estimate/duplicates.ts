/**
 * Duplicate deliveries: the same event delivered more than once, each delivery billed (aws-facts §1, §7). Three
 * kinds, all read off the estimator's own figures (no second model):
 *  - management: a trail's paid copies of management events another trail already logs (the first copy in a
 *    Region is free, every further one pays) — the trail's own "extra copies" cost line;
 *  - data: a data event logged by several trails — every delivery pays, so all but one are extra. The extra ones
 *    are counted on the trails after the first in the order that gives the free management copy (organization
 *    trails first, then as listed), so the per-trail figures add up to "Logged by more than one trail";
 *  - cross-account: calls a trail's accounts' principals make on other accounts' resources, which the resource
 *    owner's trail bills again when it logs them (estimate/cross-account.ts).
 * Costs are CloudTrail's event charges; S3 storage and CloudWatch Logs ingestion of the copies come on top.
 */
import { ALL, NONE } from '../selectors/evaluate.js';
import type { TrailEvaluation } from './evaluate-trail.js';
import { managementOrder, type ManagementResult } from './management.js';
import type { ModelIndex } from './model-index.js';
import type { TrailSpec } from './trails.js';
import type { Span, TrailEstimate } from './types.js';

export type DuplicateKind = 'management' | 'data' | 'cross-account';

export interface DuplicateDelivery {
  kind: DuplicateKind;
  /** The trail delivering (and paying for) the extra copies. */
  trail: string;
  /** Trails that deliver the same events too (management: those ahead of it, the free copy first; data: the earlier trails logging them). */
  alsoLoggedBy: string[];
  /** Where, in words: the Regions (management), the resources (data), other accounts' resources (cross-account). */
  scope: string;
  /** Extra deliveries per month (known volumes). */
  events: Span;
  /** CloudTrail's charge for them per month. */
  usd: Span;
  /** Parts of unknown volume left out of events and usd (data: node × class pairs; cross-account: resources without a caller split). */
  unknownParts: number;
}

/** All duplicate deliveries together: what every surface shows as their total (the known part and the unknown parts left out). */
export function duplicateTotal(d: readonly DuplicateDelivery[]): { events: Span; usd: Span; unknownParts: number } {
  const out = { events: { low: 0, high: 0 }, usd: { low: 0, high: 0 }, unknownParts: 0 };
  for (const x of d) {
    out.events.low += x.events.low;
    out.events.high += x.events.high;
    out.usd.low += x.usd.low;
    out.usd.high += x.usd.high;
    out.unknownParts += x.unknownParts;
  }
  return out;
}

export interface DataDuplicateGroup {
  /** Index (into the estimator's trails) of the trail the extra copies are counted on. */
  trail: number;
  /** Earlier trails that log the same events. */
  also: number[];
  events: Span;
  /** Node × class pairs of unknown volume logged by this trail and an earlier one. */
  unknown: number;
  /** Known events per node index (high bound), to name the biggest resources. */
  byNode: Map<number, number>;
}

export interface DataDuplicates {
  /** Extra deliveries in total: for each class, every trail logging it but one. */
  events: Span;
  groups: DataDuplicateGroup[];
}

/**
 * Data events logged by several trails, from each trail's verdicts. A class some trails log in full (ALL) and some
 * in part (SOME): at least (full − 1) extra copies, at most (all − 1).
 */
export function dataDuplicates(ix: ModelIndex, specs: readonly TrailSpec[], evals: readonly TrailEvaluation[]): DataDuplicates {
  const order = managementOrder(specs).map((t) => specs.indexOf(t));
  // Lake event data stores are billed per GB, not per delivery: as in the estimate's total, trails only (a
  // telemetry rule is a trail here, last in the order).
  for (let k = 0; k < specs.length; k++) if (specs[k].kind === 'trail' && !order.includes(k)) order.push(k);
  // A group is (trail, trails before it): keyed by positions in the order — a bit mask while it fits, else text.
  const groups = new Map<number | string, DataDuplicateGroup>();
  const small = order.length <= 24;
  const verdicts = order.map((k) => evals[k].verdict);
  // One trail delivers nothing twice (most organizations): no walk over every class.
  if (verdicts.length < 2) return { events: { low: 0, high: 0 }, groups: [] };
  let low = 0;
  let high = 0;
  const logging: number[] = [];
  for (let i = 0; i < ix.nodes.length; i++) {
    for (let c = ix.classStart[i]; c < ix.classStart[i + 1]; c++) {
      logging.length = 0;
      for (let p = 0; p < verdicts.length; p++) if (verdicts[p][c] !== NONE) logging.push(p);
      if (logging.length < 2) continue;
      const h = ix.high[c];
      const l = Number.isNaN(ix.low[c]) ? 0 : ix.low[c];
      let fullBefore = verdicts[logging[0]][c] === ALL;
      let mask = 1 << logging[0];
      for (let j = 1; j < logging.length; j++) {
        const p = logging[j];
        const k = order[p];
        const key = small ? mask * 32 + p : `${p}|${logging.slice(0, j).join(',')}`;
        mask |= 1 << p;
        let g = groups.get(key);
        if (!g) groups.set(key, (g = { trail: k, also: logging.slice(0, j).map((q) => order[q]), events: { low: 0, high: 0 }, unknown: 0, byNode: new Map() }));
        const full = verdicts[p][c] === ALL;
        if (Number.isNaN(h)) {
          g.unknown++;
        } else {
          const lo = full && fullBefore ? l : 0;
          g.events.low += lo;
          g.events.high += h;
          g.byNode.set(i, (g.byNode.get(i) ?? 0) + h);
          low += lo;
          high += h;
        }
        fullBefore ||= full;
      }
    }
  }
  return { events: { low, high }, groups: [...groups.values()] };
}

export interface DuplicateContext {
  ix: ModelIndex;
  specs: readonly TrailSpec[];
  /** The estimator's trail estimates, in the order of specs. */
  trails: readonly TrailEstimate[];
  mgmt: ReadonlyMap<string, ManagementResult>;
  data: DataDuplicates;
  /** CloudTrail's charge for a number of data events (the price book's, as the estimate prices them). */
  dataEventsUsd(events: number): number;
}

const span = (low: number, high: number): Span => ({ low, high });
const overlaps = (a: readonly string[], b: readonly string[]) => a.some((x) => b.includes(x));

function listed(names: string[], max: number): string {
  return names.length <= max ? names.join(', ') : `${names.slice(0, max).join(', ')} and ${names.length - max} more`;
}

const TYPE_WORDS: Record<string, string> = { 'AWS::S3::Object': 'S3 objects', 'AWS::Lambda::Function': 'Lambda functions', 'AWS::DynamoDB::Table': 'DynamoDB tables' };

function nodeName(ix: ModelIndex, i: number): string {
  const n = ix.nodes[i];
  return n.arnPrefix ? n.arnPrefix.replace(/^arn:[^:]+:s3:::/, '') : n.label;
}

/** Every duplicate delivery, biggest cost first (management, data, cross-account on ties). */
export function duplicateDeliveries(c: DuplicateContext): DuplicateDelivery[] {
  const out: DuplicateDelivery[] = [];
  const byName = new Map(c.trails.map((t) => [t.name, t]));
  const order = managementOrder(c.specs);
  for (const [pos, t] of order.entries()) {
    const m = c.mgmt.get(t.name);
    const est = byName.get(t.name);
    if (!m || !est || m.paid.high <= 0) continue;
    const line = est.lines.find((l) => l.price === 'cloudtrail.managementEvents.extraCopy');
    const regions = [...m.perRegion].filter(([, r]) => r.paid.high > 0).map(([r]) => r);
    // Ahead of it in the order, delivering management events where it does: the trails whose copies it repeats.
    const ahead = order.slice(0, pos).filter((o) => {
      const e = byName.get(o.name);
      return e !== undefined && e.managementEvents.high > 0 && overlaps(e.coveredAccounts, est.coveredAccounts) && overlaps(e.coveredRegions, est.coveredRegions);
    });
    out.push({
      kind: 'management', trail: t.name, alsoLoggedBy: ahead.map((o) => o.name),
      scope: `${t.organization ? 'org' : t.account}: ${listed(regions, 4)}`,
      events: { ...m.paid }, usd: line ? { ...line.usd } : span(0, 0), unknownParts: 0,
    });
  }
  for (const g of c.data.groups) {
    const top = [...g.byNode].sort((a, b) => b[1] - a[1] || a[0] - b[0]).map(([i]) => nodeName(c.ix, i));
    const types = new Set([...g.byNode.keys()].map((i) => c.ix.nodes[i].resourceType).filter((x): x is string => !!x));
    const what = types.size === 1 ? `${TYPE_WORDS[[...types][0]] ?? [...types][0]}: ` : '';
    const n = g.byNode.size;
    out.push({
      kind: 'data', trail: c.specs[g.trail].name, alsoLoggedBy: g.also.map((k) => c.specs[k].name),
      scope: n > 0 ? `${what}${n} resource${n > 1 ? 's' : ''} (${listed(top, 2)})` : 'resources of unknown volume only',
      events: { ...g.events }, usd: span(c.dataEventsUsd(g.events.low), c.dataEventsUsd(g.events.high)), unknownParts: g.unknown,
    });
  }
  c.trails.forEach((t) => {
    const x = t.crossAccount;
    if (x.events.high <= 0 && x.unknownNodes === 0) return;
    out.push({
      kind: 'cross-account', trail: t.name, alsoLoggedBy: [],
      scope: "other accounts' resources called by its accounts' principals (billed again by the owner's trail when it logs them)",
      events: { ...x.events }, usd: span(c.dataEventsUsd(x.events.low), c.dataEventsUsd(x.events.high)), unknownParts: x.unknownNodes,
    });
  });
  const rank: Record<DuplicateKind, number> = { management: 0, data: 1, 'cross-account': 2 };
  return out.sort((a, b) => b.usd.high - a.usd.high || rank[a.kind] - rank[b.kind] || (a.trail < b.trail ? -1 : a.trail > b.trail ? 1 : 0));
}
