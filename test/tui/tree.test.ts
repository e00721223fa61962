import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { flatten, initialTreeState, reduceTree, visibleWindow, type TreeAction, type TreeState } from '../../src/tui/state/tree.js';
import type { ResourceRow, ResourceTree } from '../../src/tui/view-model.js';
import { bigSpecs, fixtureSession } from './helpers/fixture-session.js';

const fixtureTree = () => fixtureSession().view().resources;

function apply(tree: ResourceTree, s: TreeState, actions: TreeAction[], height = 10): TreeState {
  for (const a of actions) s = reduceTree(s, a, { tree, rows: flatten(tree, s), height });
  return s;
}
const labels = (tree: ResourceTree, s: TreeState) => flatten(tree, s).map((r) => tree.get(r.id)!.label);

describe('tree state', () => {
  it('opens accounts by default and sorts by cost now, unknowns last', () => {
    const tree = fixtureTree();
    const s = initialTreeState(tree);
    expect(labels(tree, s)).toEqual(['222222222222 dev', 'us-east-1', '111111111111 prod', 'us-east-1', 'eu-west-1']);
  });

  it('expands, steps into, collapses and goes to the parent', () => {
    const tree = fixtureTree();
    let s = initialTreeState(tree);
    s = apply(tree, s, [{ type: 'bottom' }, { type: 'up' }]); // prod › us-east-1
    expect(tree.get(s.cursorId!)!.id).toBe('region:111111111111:us-east-1');
    s = apply(tree, s, [{ type: 'expand' }]);
    expect(labels(tree, s)).toContain('etl-scratch');
    expect(s.cursorId).toBe('region:111111111111:us-east-1');
    s = apply(tree, s, [{ type: 'expand' }]); // already open: first child
    expect(s.cursorId).toBe('b:etl-scratch');
    s = apply(tree, s, [{ type: 'collapse' }]); // leaf: to parent
    expect(s.cursorId).toBe('region:111111111111:us-east-1');
    s = apply(tree, s, [{ type: 'collapse' }]);
    expect(labels(tree, s)).not.toContain('etl-scratch');
    s = apply(tree, s, [{ type: 'toggle' }]);
    expect(labels(tree, s)).toContain('etl-scratch');
  });

  it('filters to matches and their ancestors, and esc restores the tree', () => {
    const tree = fixtureTree();
    let s = initialTreeState(tree);
    s = apply(tree, s, [{ type: 'startFilter' }, ...'cust'.split('').map((c) => ({ type: 'filterInput' as const, text: c }))]);
    expect(s.editing).toBe(true);
    expect(labels(tree, s)).toEqual(['111111111111 prod', 'us-east-1', 'pii-vault', 'customers/']);
    expect(s.cursorId).toBe('p:pii-vault/customers/'); // cursor jumps to the first match
    s = apply(tree, s, [{ type: 'filterBackspace' }, { type: 'acceptFilter' }]);
    expect(s.filter).toBe('cus');
    expect(s.editing).toBe(false);
    s = apply(tree, s, [{ type: 'clearFilter' }]);
    expect(s.filter).toBe('');
    // The node found stays under the cursor, its ancestors opened.
    expect(s.cursorId).toBe('p:pii-vault/customers/');
    expect(labels(tree, s)).toEqual(['222222222222 dev', 'us-east-1', '111111111111 prod', 'us-east-1', 'etl-scratch', 'ingest', 'pii-vault', 'customers/', 'exports/', 'eu-west-1']);
  });

  it('sort cycles columns; name sorts A→Z; reverse flips', () => {
    const tree = fixtureTree();
    let s = initialTreeState(tree);
    s = apply(tree, s, [{ type: 'sort' }, { type: 'sort' }, { type: 'sort' }]);
    expect(s.sort).toEqual({ key: 'name', desc: false });
    expect(labels(tree, s).slice(0, 1)).toEqual(['111111111111 prod']);
    s = apply(tree, s, [{ type: 'reverseSort' }]);
    expect(labels(tree, s)[0]).toBe('222222222222 dev');
  });

  it('keeps the cursor on its node when sorting moves it', () => {
    const tree = fixtureTree();
    let s = apply(tree, initialTreeState(tree), [{ type: 'bottom' }]);
    const id = s.cursorId;
    s = apply(tree, s, [{ type: 'sort' }, { type: 'sort' }, { type: 'sort' }]);
    expect(s.cursorId).toBe(id);
  });

  it('pages through a big tree drawing only a window', () => {
    const tree = fixtureSession(bigSpecs(1, 2000, 1)).view().resources;
    let s = apply(tree, initialTreeState(tree, { expandDepth: 2 }), [], 20);
    const rows = flatten(tree, s);
    expect(rows.length).toBe(2002);
    s = apply(tree, s, [{ type: 'pageDown' }, { type: 'pageDown' }], 20);
    const w = visibleWindow(flatten(tree, s), s, 20);
    expect(w.rows.length).toBe(20);
    expect(w.cursor).toBe(38);
    expect(w.cursor).toBeGreaterThanOrEqual(w.top);
    expect(w.cursor).toBeLessThan(w.top + 20);
    s = apply(tree, s, [{ type: 'bottom' }], 20);
    expect(visibleWindow(flatten(tree, s), s, 20).cursor).toBe(2001);
  });
});

// Properties: for any tree and any key sequence the state stays coherent.
const specArb = fc.integer({ min: 1, max: 4 }).chain((a) =>
  fc.tuple(fc.constant(a), fc.integer({ min: 0, max: 6 }), fc.integer({ min: 0, max: 4 })),
);
const actionArb: fc.Arbitrary<TreeAction> = fc.oneof(
  fc.constantFrom<TreeAction>(
    { type: 'up' }, { type: 'down' }, { type: 'pageUp' }, { type: 'pageDown' }, { type: 'top' }, { type: 'bottom' },
    { type: 'expand' }, { type: 'collapse' }, { type: 'toggle' }, { type: 'startFilter' }, { type: 'acceptFilter' },
    { type: 'clearFilter' }, { type: 'filterBackspace' }, { type: 'sort' }, { type: 'reverseSort' },
  ),
  fc.constantFrom('b', 'p', '1', 'u', '/', 'x').map((text): TreeAction => ({ type: 'filterInput', text })),
);

describe('tree state properties', () => {
  it('rows are a preorder of shown nodes, the cursor is on a row and inside the window', () => {
    fc.assert(
      fc.property(specArb, fc.array(actionArb, { maxLength: 40 }), fc.integer({ min: 1, max: 12 }), ([a, b, p], actions, height) => {
        const tree = fixtureSession(bigSpecs(a, b, p)).view().resources;
        let s = initialTreeState(tree);
        for (const act of actions) {
          s = reduceTree(s, act, { tree, rows: flatten(tree, s), height });
          const rows = flatten(tree, s);
          // Every row's parent is shown above it, one level up.
          const pos = new Map(rows.map((r, i) => [r.id, i]));
          rows.forEach((r, i) => {
            const parent = tree.get(r.id)!.parentId;
            if (parent === null) expect(r.depth).toBe(0);
            else {
              expect(pos.get(parent)).toBeLessThan(i);
              expect(rows[pos.get(parent)!].depth).toBe(r.depth - 1);
            }
          });
          // With a filter, every row matches or leads to a match.
          if (s.filter.trim()) {
            const needle = s.filter.trim().toLowerCase();
            const leads = (row: ResourceRow): boolean => row.label.toLowerCase().includes(needle) || row.childIds.some((c) => leads(tree.get(c)!));
            for (const r of rows) if (!r.match) expect(leads(tree.get(r.id)!) || isInsideMatch(tree, r.id, needle)).toBe(true);
          }
          const w = visibleWindow(rows, s, height);
          expect(w.rows.length).toBeLessThanOrEqual(height);
          if (rows.length > 0) {
            expect(w.cursor).toBeGreaterThanOrEqual(w.top);
            expect(w.cursor).toBeLessThan(w.top + height);
          }
        }
      }),
      { numRuns: 150 },
    );
  });
});

function isInsideMatch(tree: ResourceTree, id: string, needle: string): boolean {
  for (let cur = tree.get(id)!.parentId; cur !== null; cur = tree.get(cur)!.parentId) {
    if (tree.get(cur)!.label.toLowerCase().includes(needle)) return true;
  }
  return false;
}

describe('sibling order cache (static sort keys)', () => {
  it('gives the same rows as sorting afresh, across decisions and every sort key', async () => {
    const { loadInput } = await import('../../src/app/load-input.js');
    const { createSession } = await import('../../src/tui/session.js');
    const session = createSession(await loadInput({}));
    const ids = [...session.estimator.index.nodes].filter((n) => n.kind === 'bucket' || n.kind === 'prefix').map((n) => n.id);
    const decisions = ['drop', 'keep', 'keep-writes', 'auto'] as const;
    for (let step = 0; step < 12; step++) {
      const vm = session.setDecision(ids[(step * 7) % ids.length], decisions[step % decisions.length]);
      const tree = vm.resources;
      const uncached: ResourceTree = { roots: tree.roots, size: tree.size, get: (id) => tree.get(id) };
      const all = new Set(ids.concat([...session.estimator.index.nodes].map((n) => n.id)));
      for (const key of ['costNow', 'costProposed', 'events', 'name'] as const) {
        for (const desc of [true, false]) {
          const st = { expanded: all, filter: '', sort: { key, desc } };
          expect(flatten(tree, st)).toEqual(flatten(uncached, st));
          expect(flatten(tree, { ...st, filter: 'acme' })).toEqual(flatten(uncached, { ...st, filter: 'acme' }));
        }
      }
    }
    expect(session.view().resources.orderCache!.size).toBeGreaterThan(0);
  });
});

describe('filter cache', () => {
  it('typing, backspacing and retyping gives the rows a fresh flatten gives', () => {
    // A copy with its own roots array shares no cache with the tree under test.
    for (const tree of [fixtureTree(), fixtureSession(bigSpecs(3, 4, 3)).view().resources]) {
    const fresh = (): ResourceTree => ({ ...tree, roots: [...tree.roots] });
    const base = initialTreeState(tree);
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...'abcdeilnoprstu-0123/'.split(''), '\b'), { maxLength: 12 }), (keysTyped) => {
        let needle = '';
        for (const k of keysTyped) {
          needle = k === '\b' ? needle.slice(0, -1) : needle + k;
          const s = { ...base, filter: needle };
          expect(flatten(tree, s)).toEqual(flatten(fresh(), s));
        }
      }),
      { numRuns: 200 },
    );
    }
  });
});
