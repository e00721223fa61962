/**
 * The type column and filtering by type (issue 14: "/ddb finds nothing today"), and n/N between matches. The
 * filter's matches are checked against a brute-force reading of every row, with the filter typed key by key so
 * that the narrowing cache is in play.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { loadInput, type LoadedInput } from '../../src/app/load-input.js';
import { createSession } from '../../src/tui/session.js';
import { flatten, initialTreeState, nextMatchIndex, reduceTree, type TreeAction, type TreeState } from '../../src/tui/state/tree.js';
import { parseFilter, rowMatches, typeCell } from '../../src/tui/resource-types.js';
import type { ResourceTree } from '../../src/tui/view-model.js';

let demo: LoadedInput;
beforeAll(async () => {
  demo = await loadInput({});
});

function apply(tree: ResourceTree, s: TreeState, actions: TreeAction[]): TreeState {
  for (const a of actions) s = reduceTree(s, a, { tree, rows: flatten(tree, s), height: 20 });
  return s;
}
const typed = (text: string): TreeAction[] => [{ type: 'startFilter' }, ...[...text].map((c) => ({ type: 'filterInput' as const, text: c })), { type: 'acceptFilter' }];

/** Every id the tree walks (rows and `(rest)` rows), through its shapes. */
function allIds(tree: ResourceTree): string[] {
  const out: string[] = [];
  const walk = (id: string) => {
    out.push(id);
    for (const c of (tree.shape ?? tree.get)(id)?.childIds ?? []) walk(c);
  };
  tree.roots.forEach(walk);
  return out;
}

describe('type column and type filter', () => {
  it('reads type words, type: terms, and names', () => {
    expect(parseFilter('  Type:DDB  pii ')).toEqual([{ text: 'ddb', typeOnly: true }, { text: 'pii', typeOnly: false }]);
    expect(rowMatches('users', 'table', parseFilter('ddb'))).toBe(true);
    expect(rowMatches('users', 'table', parseFilter('dynamodb'))).toBe(true);
    expect(rowMatches('users', 'table', parseFilter('type:d'))).toBe(true);
    expect(rowMatches('users', 'bucket', parseFilter('type:d'))).toBe(false);
    // A bare word matches a type only whole (`dd` is no type), and a name holding it still matches.
    expect(rowMatches('users', 'table', parseFilter('dd'))).toBe(false);
    expect(rowMatches('ddb-export', 'bucket', parseFilter('ddb'))).toBe(true);
    expect(rowMatches('pii-tokens', 'table', parseFilter('ddb pii'))).toBe(true);
    expect(rowMatches('users', 'table', parseFilter('ddb pii'))).toBe(false);
    expect(typeCell('table', false)).toBe('ddb');
    expect(typeCell('function', true)).toBe('lambda');
    expect(typeCell('prefix', false)).toBe('pfx');
  });

  it('/ddb finds every DynamoDB table of the demo, and nothing else', () => {
    const tree = createSession(demo).view().resources;
    const tables = [...demo.model.nodes.values()].filter((n) => n.kind === 'table').map((n) => n.id).sort();
    expect(tables.length).toBeGreaterThan(0);
    for (const f of ['ddb', 'type:ddb', 'table', 'type:dynamo']) {
      const s = apply(tree, initialTreeState(tree), typed(f));
      const matched = flatten(tree, s).filter((r) => r.match).map((r) => r.id).sort();
      expect(matched, f).toEqual(tables);
      expect(tree.get(s.cursorId!)!.kind).toBe('table');
    }
  });

  it('matches what a row-by-row reading matches, whatever was typed before (cache)', () => {
    const tree = createSession(demo).view().resources;
    const ids = allIds(tree);
    const word = fc.constantFrom('ddb', 'd', 'type:', 'type:s', 'type:s3', 's3', 'pii', 'acme', 'raw/', 'rest', 'fn', 'lambda', 'x', 'us', 'prefix', 'pfx', 'eu');
    fc.assert(
      fc.property(fc.array(word, { minLength: 1, maxLength: 3 }), fc.array(word, { maxLength: 2 }), (words, before) => {
        // Type something else first, then erase it, then the filter under test: every path through the cache.
        let s = apply(tree, initialTreeState(tree), typed(before.join(' ')));
        s = apply(tree, s, [{ type: 'clearFilter' }, ...typed(words.join(' '))]);
        const terms = parseFilter(words.join(' '));
        const expected = ids.filter((id) => {
          const r = (tree.shape ?? tree.get)(id)!;
          return rowMatches(r.label.toLowerCase(), r.kind, terms);
        });
        const got = flatten(tree, s).filter((r) => r.match).map((r) => r.id);
        expect(new Set(got)).toEqual(new Set(expected));
      }),
      { numRuns: 150 },
    );
  });

  it('n and N jump between matches and wrap around', () => {
    const tree = createSession(demo).view().resources;
    let s = apply(tree, initialTreeState(tree), typed('ddb'));
    const rows = flatten(tree, s);
    const matches = rows.map((r, i) => (r.match ? i : -1)).filter((i) => i >= 0);
    expect(rows[matches[0]].id).toBe(s.cursorId);
    const seen: string[] = [s.cursorId!];
    for (let k = 1; k <= matches.length; k++) {
      s = apply(tree, s, [{ type: 'nextMatch' }]);
      seen.push(s.cursorId!);
    }
    // Every match once, in screen order, then back to the first.
    expect(seen).toEqual([...matches.map((i) => rows[i].id), rows[matches[0]].id]);
    s = apply(tree, s, [{ type: 'prevMatch' }]);
    expect(s.cursorId).toBe(rows[matches[matches.length - 1]].id);
    expect(nextMatchIndex(rows.map((r) => ({ ...r, match: false })), 0, 1)).toBe(-1);
  });
});
