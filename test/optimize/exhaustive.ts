/**
 * Exhaustive search for tests: every selector set of the optimizer's search space on a tiny tree (layers "all" 1
 * and 2, "writes" 1 by default, "reads" on request; each selector with, per node, nothing / StartsWith / NotStartsWith, and the root's "no ARN
 * condition"), each one checked with the selector engine, not with the optimizer's own reasoning.
 */
import { compile, evaluateSubject, ALL, NONE } from '../../src/selectors/evaluate.js';
import { populationSubject } from '../../src/selectors/population.js';
import { countValues } from '../../src/selectors/count.js';
import type { AdvancedEventSelector, AdvancedFieldSelector } from '../../src/selectors/types.js';
import { MAY, MUST, MUST_NOT, type OptTrie } from '../../src/optimize/trie.js';

const READ = { eventSource: 's3.amazonaws.com', eventName: 'GetObject', readOnly: true, eventType: 'AwsApiCall' };
const WRITE = { eventSource: 's3.amazonaws.com', eventName: 'PutObject', readOnly: false, eventType: 'AwsApiCall' };

type Choice = 0 | 1 | 2; // nothing, enter (StartsWith), leave (NotStartsWith)

function selectorFor(t: OptTrie, choices: Choice[], readOnly: 'true' | 'false' | null): AdvancedEventSelector | null {
  const rootIn = choices[0] === 1;
  const starts: string[] = [];
  const nots: string[] = [];
  for (let v = 1; v < t.keys.length; v++) {
    if (choices[v] === 1) starts.push(t.keys[v]);
    if (choices[v] === 2) nots.push(t.keys[v]);
  }
  if (!rootIn && starts.length === 0) return null;
  const fs: AdvancedFieldSelector[] = [
    { Field: 'eventCategory', Equals: ['Data'] },
    { Field: 'resources.type', Equals: ['AWS::S3::Object'] },
  ];
  if (readOnly) fs.push({ Field: 'readOnly', Equals: [readOnly] });
  if (!rootIn && starts.length > 0) {
    const arn: AdvancedFieldSelector = { Field: 'resources.ARN', StartsWith: starts };
    if (nots.length > 0) arn.NotStartsWith = nots;
    fs.push(arn);
  } else if (nots.length > 0) {
    fs.push({ Field: 'resources.ARN', NotStartsWith: nots });
  }
  return { Name: 'x', FieldSelectors: fs };
}

function* choiceVectors(n: number): Generator<Choice[]> {
  const c: Choice[] = new Array(n).fill(0);
  const total = 2 * 3 ** (n - 1);
  for (let i = 0; i < total; i++) {
    let x = i;
    c[0] = (x % 2) as Choice;
    x = Math.floor(x / 2);
    for (let v = 1; v < n; v++) {
      c[v] = (x % 3) as Choice;
      x = Math.floor(x / 3);
    }
    yield [...c];
  }
}

/** Least optional cost within `budget` values (Infinity when nothing fits), by trying every set. */
export function exhaustiveOptimum(t: OptTrie, budget: number, opts: { allLayers?: number; writeLayers?: number; readLayers?: number } = {}): number {
  const n = t.keys.length;
  const vectors = [...choiceVectors(n)];
  const pops = t.keys.map((k, v) => ({
    prefix: v === 0 ? 'arn:aws:s3:::' : k,
    except: t.children[v].map((c) => t.keys[c]),
  }));
  const candidates = (readOnly: 'true' | 'false' | null) => [null, ...vectors.map((c) => selectorFor(t, c as Choice[], readOnly)).filter((s) => s !== null)];
  // Every combination of one candidate per layer.
  const layerLists: Array<Array<AdvancedEventSelector | null>> = [];
  for (let i = 0; i < (opts.allLayers ?? 2); i++) layerLists.push(candidates(null));
  for (let i = 0; i < (opts.writeLayers ?? 1); i++) layerLists.push(candidates('false'));
  for (let i = 0; i < (opts.readLayers ?? 0); i++) layerLists.push(candidates('true'));
  let sets: Array<Array<AdvancedEventSelector | null>> = [[]];
  for (const list of layerLists) sets = sets.flatMap((prefix) => list.map((c) => [...prefix, c]));
  let best = Infinity;
  for (const chosen of sets) {
    const set = chosen.filter((s): s is AdvancedEventSelector => s !== null);
    if (countValues(set) > budget) continue;
    const compiled = compile(set);
    let cost = 0;
    let ok = true;
    for (let v = 0; v < n && ok; v++) {
      for (const [cls, req, vol] of [[READ, t.reqRead[v], t.readVolume[v]], [WRITE, t.reqWrite[v], t.writeVolume[v]]] as const) {
        const r = evaluateSubject(compiled, populationSubject({ cls, resourceType: 'AWS::S3::Object', arn: pops[v] })).result;
        if (req === MUST && r !== ALL) ok = false;
        else if (req === MUST_NOT && r !== NONE) ok = false;
        else if (req === MAY && r !== NONE) cost += vol;
        if (!ok) break;
      }
    }
    if (ok && cost < best) best = cost;
  }
  return best;
}
