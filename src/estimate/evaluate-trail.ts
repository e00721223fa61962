/**
 * One trail's selectors against every node × event class of the model, with the one selector engine:
 * ALL → logged, NONE → not, SOME → a range (low 0, high the full volume). Computed once per trail and cached:
 * decisions never change it.
 */
import { evaluateSubject, NONE, ALL } from '../selectors/evaluate.js';
import { populationSubject } from '../selectors/population.js';
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

export function evaluateTrail(t: TrailSpec, ix: ModelIndex, orgAccounts: ReadonlySet<string>): TrailEvaluation {
  const N = ix.nodes.length;
  const verdict = new Uint8Array(ix.low.length);
  const nodeLow = new Float64Array(N);
  const nodeHigh = new Float64Array(N);
  const nodeUnknown = new Uint16Array(N);
  const covered = new Uint8Array(N);
  const resourceTypes = new Set<string>();
  // Whole-set shortcut: a trail without data selectors logs no data events at all.
  const hasData = t.compiled.selectors.some((s) => s.fields.some((f) => f.field === 'eventCategory' && f.positive.some((c) => c.value === 'Data')) || !s.fields.some((f) => f.field === 'eventCategory'));
  for (let i = 0; i < N; i++) {
    const n = ix.nodes[i];
    if (!n.resourceType || n.classes.length === 0) continue;
    if (!delivers(t, n.account, n.region, orgAccounts)) continue;
    covered[i] = 1;
    if (!hasData) continue;
    const arn = n.arn ?? { prefix: n.arnPrefix!, except: ix.childPrefixes[i] ?? [] };
    let lo = 0;
    let hi = 0;
    let unknown = 0;
    // One subject per node; its field() reads `population.cls` at call time, so only the class changes per class.
    const population = { cls: n.classes[0].cls, resourceType: n.resourceType, arn };
    const subject = populationSubject(population);
    for (let k = ix.classStart[i], c = 0; k < ix.classStart[i + 1]; k++, c++) {
      population.cls = n.classes[c].cls;
      const v = evaluateSubject(t.compiled, subject).result;
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
  return { verdict, nodeLow, nodeHigh, nodeUnknown, resourceTypes, covered };
}
