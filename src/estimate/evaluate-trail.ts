/**
 * One trail's selectors against every node × event class of the model, with the one selector engine:
 * ALL → logged, NONE → not, SOME → a range (low 0, high the full volume). Computed once per trail and cached:
 * decisions never change it.
 */
import { evaluateTri, NONE, ALL, type CompiledSelectorSet, type Subject, type Tri } from '../selectors/evaluate.js';
import { bucketEntryTester, populationSubject, type Population } from '../selectors/population.js';
import { RestrictedSets, restrictionKey } from '../selectors/restrict.js';
import type { AdvancedEventSelector, EventClass } from '../selectors/types.js';
import type { ModelIndex } from './model-index.js';
import type { TrailSpec } from './trails.js';
import { delivers } from '../model/governance.js';

export interface TrailEvaluation {
  /** Verdict per class (NONE for classes outside the trail's coverage). */
  verdict: Uint8Array;
  /** Events logged per node (own classes only), low and high bounds. */
  nodeLow: Float64Array;
  nodeHigh: Float64Array;
  /** Classes of unknown volume this trail would log (fully or partly), per node. */
  nodeUnknown: Uint16Array;
  /** Resource types of which this trail logs at least part of some class. */
  resourceTypes: Set<string>;
  covered: Uint8Array;
}

export interface EvaluateOptions {
  /**
   * CloudTrail's own deliveries (log-file PutObjects) into the trail's bucket per month: with RecursiveLogging
   * false they are not logged, so that many PutObject events come off what the trail logs on its bucket.
   */
  ownDeliveries?: number;
  /** Evaluate long sets per node on their restriction to the node's key (default true; false: the whole set, for benchmarks). */
  restrict?: boolean;
  /**
   * Reuse a verdict across nodes when the set never compares resources.ARN (default true; false: every node's
   * populations evaluated afresh, for tests that compare the two).
   */
  reuse?: boolean;
}

/**
 * Verdicts of a set that never compares resources.ARN: then a population's verdict depends only on its event class
 * and on its resources' types (its own, plus the bucket entry of an S3 prefix), so it is computed once per such
 * combination, not once per node (a 100k-resource inventory has a few dozen of them).
 */
class VerdictReuse {
  /** Per resource type: verdicts of populations without, then with, the bucket entry. */
  private byType = new Map<string, [Verdicts, Verdicts]>();
  private last: { type: string; lists: [Verdicts, Verdicts] } | null = null;
  private bucketEntry = bucketEntryTester();

  /** The verdicts known for populations with the resource types this one has. */
  listFor(p: Pick<Population, 'resourceType' | 'arn'>): Verdicts {
    // Nodes come in runs of one type: the last type's lists are usually the ones.
    if (this.last?.type !== p.resourceType) {
      let lists = this.byType.get(p.resourceType);
      if (!lists) this.byType.set(p.resourceType, (lists = [[], []]));
      this.last = { type: p.resourceType, lists };
    }
    return this.last.lists[this.bucketEntry(p) ? 1 : 0];
  }
}

type Verdicts = Array<{ cls: EventClass; v: Tri }>;

/** Past this many distinct classes on one kind of resource, further ones are evaluated per node (no linear scans). */
const REUSE_MAX = 64;

function find(list: ReadonlyArray<{ cls: EventClass; v: Tri }>, c: EventClass): Tri | -1 {
  for (let j = 0; j < list.length; j++) {
    const x = list[j].cls;
    if (x.eventName === c.eventName && x.eventSource === c.eventSource && x.readOnly === c.readOnly && x.eventType === c.eventType) return list[j].v;
  }
  return -1;
}

/** resources.ARN values in a set: past a few, each node is evaluated on the set restricted to its key. */
function arnValues(selectors: readonly AdvancedEventSelector[]): number {
  let n = 0;
  for (const s of selectors) {
    for (const f of s.FieldSelectors ?? []) {
      if (f.Field !== 'resources.ARN') continue;
      n += (f.Equals?.length ?? 0) + (f.StartsWith?.length ?? 0) + (f.NotEquals?.length ?? 0) + (f.NotStartsWith?.length ?? 0);
    }
  }
  return n;
}

const RESTRICT_FROM = 8;

export function evaluateTrail(t: TrailSpec, ix: ModelIndex, orgAccounts: ReadonlySet<string>, opts: EvaluateOptions = {}): TrailEvaluation {
  const N = ix.nodes.length;
  const verdict = new Uint8Array(ix.low.length);
  const nodeLow = new Float64Array(N);
  const nodeHigh = new Float64Array(N);
  const nodeUnknown = new Uint16Array(N);
  const covered = new Uint8Array(N);
  const resourceTypes = new Set<string>();
  // Whole-set shortcut: a trail without data selectors logs no data events at all.
  const hasData = t.compiled.selectors.some((s) => s.fields.some((f) => f.field === 'eventCategory' && f.positive.some((c) => c.value === 'Data')) || !s.fields.some((f) => f.field === 'eventCategory'));
  // A long set (an optimizer's proposal: hundreds of prefixes) is evaluated per node on its restriction to the
  // node's key (selectors/restrict.ts: the same verdicts, with only the values that can matter there).
  const restricted = hasData && opts.restrict !== false && arnValues(t.advanced) >= RESTRICT_FROM ? new RestrictedSets(t.advanced) : null;
  const reuse = hasData && restricted === null && opts.reuse !== false && !t.compiled.selectors.some((s) => s.fields.some((f) => f.field === 'resources.ARN')) ? new VerdictReuse() : null;
  for (let i = 0; i < N; i++) {
    const n = ix.nodes[i];
    if (!n.resourceType || n.classes.length === 0) continue;
    if (!delivers(t, n.account, n.region, orgAccounts)) continue;
    covered[i] = 1;
    if (!hasData) continue;
    const arn = n.arn ?? { prefix: n.arnPrefix!, except: ix.childPrefixes[i] ?? [] };
    const key = n.arn ?? n.arnPrefix;
    const set: CompiledSelectorSet = restricted !== null && key !== undefined ? restricted.for(restrictionKey(key)) : t.compiled;
    let lo = 0;
    let hi = 0;
    let unknown = 0;
    // One subject per node (made when first needed); its field() reads `population.cls` at call time, so only the
    // class changes per class.
    const population = { cls: n.classes[0].cls, resourceType: n.resourceType, arn };
    let subject: Subject | null = null;
    const seen = reuse?.listFor(population);
    for (let k = ix.classStart[i], c = 0; k < ix.classStart[i + 1]; k++, c++) {
      const cls = n.classes[c].cls;
      let v: Tri | -1 = seen ? find(seen, cls) : -1;
      if (v === -1) {
        population.cls = cls;
        subject ??= populationSubject(population);
        v = evaluateTri(set, subject);
        if (seen && seen.length < REUSE_MAX) seen.push({ cls, v });
      }
      verdict[k] = v;
      if (v === NONE) continue;
      resourceTypes.add(n.resourceType);
      const l = ix.low[k];
      const h = ix.high[k];
      if (Number.isNaN(h)) {
        unknown++;
        continue;
      }
      if (v === ALL) lo += Number.isNaN(l) ? 0 : l;
      hi += h;
    }
    nodeLow[i] = lo;
    nodeHigh[i] = hi;
    nodeUnknown[i] = unknown;
  }
  if (t.recursiveLogging === false && t.s3Bucket && opts.ownDeliveries) withoutOwnDeliveries(t.s3Bucket, opts.ownDeliveries, ix, verdict, nodeLow, nodeHigh);
  return { verdict, nodeLow, nodeHigh, nodeUnknown, resourceTypes, covered };
}

/**
 * RecursiveLogging=false: the trail does not log CloudTrail's own PutObjects into its bucket. The model cannot tell
 * them from other PutObjects there, so the deliveries come off the logged PutObject volume of the bucket's
 * subtree pro rata (never below zero); other writes stay logged.
 */
function withoutOwnDeliveries(bucket: string, deliveries: number, ix: ModelIndex, verdict: Uint8Array, nodeLow: Float64Array, nodeHigh: Float64Array): void {
  const b = ix.idx.get(`s3:arn:aws:s3:::${bucket}/`);
  if (b === undefined) return;
  let logged = 0;
  const put = (i: number, c: number, j: number) => ix.nodes[i].classes[j].cls.eventName === 'PutObject' && verdict[c] !== NONE && !Number.isNaN(ix.high[c]);
  for (let i = b; i < ix.end[b]; i++) {
    for (let c = ix.classStart[i], j = 0; c < ix.classStart[i + 1]; c++, j++) if (put(i, c, j)) logged += ix.high[c];
  }
  if (logged <= 0) return;
  const share = Math.min(1, deliveries / logged);
  for (let i = b; i < ix.end[b]; i++) {
    for (let c = ix.classStart[i], j = 0; c < ix.classStart[i + 1]; c++, j++) {
      if (!put(i, c, j)) continue;
      const hi = ix.high[c] * share;
      const lo = verdict[c] === ALL ? (Number.isNaN(ix.low[c]) ? 0 : ix.low[c]) * share : 0;
      nodeHigh[i] = Math.max(0, nodeHigh[i] - hi);
      nodeLow[i] = Math.max(0, nodeLow[i] - lo);
    }
  }
}
