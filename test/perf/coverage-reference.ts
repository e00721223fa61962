// src/estimate/coverage.ts as it was before issue 17 (the reference its faster version must equal: test/perf/*-equivalence tests).
/**
 * Sensitive coverage: the volume the policy model keeps and the share of it today's trails log.
 */
import { ALL, NONE, SOME } from '../../src/selectors/evaluate.js';
import type { PolicyModel } from '../../src/model/policy-model.js';
import type { ModelIndex } from '../../src/estimate/model-index.js';
import type { TrailEvaluation } from '../../src/estimate/evaluate-trail.js';
import type { Span } from '../../src/estimate/types.js';

const span = (low: number, high: number): Span => ({ low, high });

/**
 * Volume the policy keeps (keep: every class; keep-writes: writes) and how much of it some trail logs (with the
 * trails' selectors as they are now). A node a statement cuts (a kept prefix the model does not split out) counts as a range.
 */
export function sensitiveCoverage(ix: ModelIndex, evals: readonly TrailEvaluation[], pm: PolicyModel): { sensitive: Span; logged: Span } {
  let sL = 0, sH = 0, lL = 0, lH = 0;
  for (let i = 0; i < ix.nodes.length; i++) {
    const node = ix.nodes[i];
    const answer = pm.nodeAnswer(node);
    if (!answer) continue;
    const wants = [answer.want, ...(pm.cuts.get(node.id) ?? []).map((s) => s.decision)];
    const keepsAll = (w: string) => w === 'keep';
    const keepsWrites = (w: string) => w === 'keep' || w === 'keep-writes';
    for (let c = ix.classStart[i]; c < ix.classStart[i + 1]; c++) {
      const h = ix.high[c];
      if (Number.isNaN(h)) continue;
      const l = Number.isNaN(ix.low[c]) ? 0 : ix.low[c];
      const kept = (w: string) => (ix.readOnly[c] ? keepsAll(w) : keepsWrites(w));
      const own = kept(answer.want);
      const any = wants.some(kept);
      if (!any) continue;
      // Own answer keeps the residual: at least... the cut parts may not; a cut part keeps: at most all of it.
      const lowShare = own && wants.every(kept) ? 1 : 0;
      let best = NONE as number;
      for (const e of evals) if (e.verdict[c] > best) best = e.verdict[c];
      sL += lowShare * l;
      sH += h;
      if (best === ALL) {
        lL += lowShare * l;
        lH += h;
      } else if (best === SOME) lH += h;
    }
  }
  return { sensitive: span(sL, sH), logged: span(lL, lH) };
}
