/**
 * Selector names the optimizer writes stay within AWS's 1,000 characters and never end in (or contain) half a
 * surrogate pair, whatever the policy's reasons and the model's labels hold: emoji and other astral characters
 * are two UTF-16 code units, and a cut between them leaves a lone surrogate that Terraform and AWS reject.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { MAX_NAME, truncateName } from '../../src/optimize/render.js';
import { optimizeTrail } from '../../src/optimize/optimize.js';
import type { Policy } from '../../src/model/policy.js';
import type { ModelNode, VolumeModel } from '../../src/model/types.js';
import { renderSelectors } from '../../src/selectors/formats.js';
import { syntheticModel, syntheticPolicy, syntheticTrail } from './synthetic.js';

const isHigh = (c: number) => c >= 0xd800 && c <= 0xdbff;
const isLow = (c: number) => c >= 0xdc00 && c <= 0xdfff;
/** Full-range code points (no half surrogates in the input): mostly astral, so cuts often land inside a pair. */
const unicode = (maxLength: number, minLength = 0) => fc.string({ unit: 'binary', minLength, maxLength });

/** No lone surrogate anywhere (String.prototype.isWellFormed, which the project's TypeScript lib predates). */
function isWellFormed(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (isHigh(c)) {
      if (!isLow(s.charCodeAt(i + 1))) return false;
      i++;
    } else if (isLow(c)) {
      return false;
    }
  }
  return true;
}

function endsInLoneSurrogate(s: string): boolean {
  if (s.length === 0) return false;
  const last = s.charCodeAt(s.length - 1);
  return isHigh(last) || (isLow(last) && !(s.length > 1 && isHigh(s.charCodeAt(s.length - 2))));
}

/** The synthetic model with every prefix folder renamed (`p3/` → `<unicode>/`): labels carry the same characters. */
function renameFolders(model: VolumeModel, names: string[]): VolumeModel {
  const rename = (arn: string) => arn.replace(/\/p(\d+)(?=\/)/g, (_, i: string) => `/${names[Number(i) % names.length]}`);
  const nodes = new Map<string, ModelNode>();
  const id = (old: string) => (old.startsWith('s3:') ? `s3:${rename(old.slice(3))}` : old);
  for (const n of model.nodes.values()) {
    const arnPrefix = n.arnPrefix ? rename(n.arnPrefix) : n.arnPrefix;
    nodes.set(id(n.id), {
      ...n,
      id: id(n.id),
      parentId: n.parentId === null ? null : id(n.parentId),
      childIds: n.childIds.map(id),
      arnPrefix,
      label: n.kind === 'prefix' ? `${arnPrefix!.slice(0, -1).split('/').pop()}/` : n.label,
    });
  }
  return { ...model, nodes };
}

describe('selector names are cut on code-point boundaries', () => {
  it('truncateName: within max, never a lone surrogate at the end, and a prefix of the input when cut', () => {
    fc.assert(
      fc.property(unicode(200), fc.integer({ min: 1, max: 120 }), (s, max) => {
        const t = truncateName(s, max);
        expect(t.length).toBeLessThanOrEqual(max);
        expect(endsInLoneSurrogate(t)).toBe(false);
        expect(isWellFormed(t)).toBe(true);
        if (s.length <= max) expect(t).toBe(s);
        else expect(s.startsWith(t.slice(0, -1))).toBe(true);
      }),
      { numRuns: 500, seed: 20261201 },
    );
    // The cut that used to split the pair: 998 ASCII characters, then an emoji straddling position 999.
    const s = `${'a'.repeat(998)}\u{1F600}tail`;
    expect(truncateName(s, 1000)).toBe(`${'a'.repeat(998)}…`);
  });

  it('every name optimize writes (reasons and labels in full unicode, levers on) is ≤ 1000 and well-formed', () => {
    let optimized = 0;
    let cut = 0;
    let leverCut = 0;
    fc.assert(
      fc.property(
        fc.record({
          seed: fc.integer({ min: 1, max: 100_000 }),
          prefixes: fc.integer({ min: 2, max: 16 }),
          keep: fc.integer({ min: 1, max: 5 }),
          drop: fc.integer({ min: 0, max: 4 }),
          def: fc.constantFrom<'log' | 'drop'>('log', 'drop'),
          // Long enough that names overflow: the head alone can pass 1,000 code units.
          reasons: fc.array(unicode(800, 450), { minLength: 1, maxLength: 4 }),
          // Folder names a policy rule can name (no white space, `*` or `/`).
          folders: fc.array(unicode(30).map((f) => `f${f.replace(/[\s*/]/g, '_')}`), { minLength: 1, maxLength: 6 }),
        }),
        (o) => {
          const model = renameFolders(syntheticModel({ seed: o.seed, buckets: 2, prefixes: o.prefixes }), o.folders);
          const base = syntheticPolicy(model, { seed: o.seed, keep: o.keep, drop: o.drop, default: o.def, levers: { dropServiceEvents: true, dropEventNames: ['HeadObject'] } });
          const policy: Policy = { ...base, rules: base.rules.map((r, i) => (r.decision === 'drop' ? r : { ...r, reason: o.reasons[i % o.reasons.length] })) };
          const p = optimizeTrail(model, syntheticTrail(), policy, { orgAccounts: new Set() });
          if (p.status !== 'optimized') return;
          optimized++;
          for (const s of p.selectors) {
            const name = s.Name ?? '';
            expect(name.length).toBeLessThanOrEqual(MAX_NAME);
            expect(endsInLoneSurrogate(name), JSON.stringify(name.slice(-4))).toBe(false);
            expect(isWellFormed(name)).toBe(true);
            if (name.endsWith('…')) cut++;
            // The selector levers.ts adds to keep kept subtrees in full is named there: its cut is reached too.
            if (name.endsWith('…') && name.includes('in full, every event type')) leverCut++;
          }
          // What the user reads about levers (a name cut to 60) is well-formed too, and so is what is exported.
          for (const f of p.findings) expect(isWellFormed(f.message)).toBe(true);
          expect(renderSelectors(p.selectors, 'terraform')).not.toMatch(/\\ud[89ab][0-9a-f]{2}/i);
        },
      ),
      // No shrinking: each step re-optimizes with strings of hundreds of characters (minutes); the seed replays it.
      { numRuns: 80, seed: 20261202, endOnFailure: true },
    );
    // The generator must reach the cut, often.
    expect(optimized).toBeGreaterThan(40);
    expect(cut).toBeGreaterThan(30);
    expect(leverCut).toBeGreaterThan(0);
  });
});
