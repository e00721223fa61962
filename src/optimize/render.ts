/**
 * A solved plan → advanced event selectors, one per layer used, each named for what it does
 * ("Keep PII: pii-vault/customers/ (reads+writes)"), names within AWS's 1,000 characters.
 */
import type { AdvancedEventSelector, AdvancedFieldSelector } from '../selectors/types.js';
import type { Channel, Edge } from './dp.js';
import type { TypeProblem } from './problem.js';
import type { TypePlan } from './search.js';
import { RESOURCE_TYPES } from '../selectors/data-events.js';

export const MAX_NAME = 1000;

/**
 * `s` within `max` UTF-16 code units (what JavaScript's `length` counts, and never fewer than AWS's "characters"),
 * cut with `mark` when too long. The cut never falls inside a surrogate pair: half an emoji or other astral character
 * is a lone surrogate, which Terraform and AWS reject. Every place that shortens a name goes through here.
 */
export function truncateName(s: string, max: number, mark = '…'): string {
  if (s.length <= max) return s;
  if (mark.length > max) mark = '';
  let end = max - mark.length;
  const c = s.charCodeAt(end - 1);
  if (end > 0 && c >= 0xd800 && c <= 0xdbff) end--;
  return `${s.slice(0, end)}${mark}`;
}

export interface RenderedSelector {
  selector: AdvancedEventSelector;
  channel: Channel;
  layer: number;
  /** Tree nodes this selector enters (includes) and leaves (excludes). */
  enters: number[];
  leaves: number[];
  rootIn: boolean;
}

/** One resources.ARN value: an exact ARN (Equals / NotEquals) or a prefix (StartsWith / NotStartsWith). */
export interface ArnValue {
  key: string;
  exact: boolean;
}

export function arnValues(trie: { keys: string[]; exact: Uint8Array }, nodes: readonly number[]): ArnValue[] {
  return nodes.map((v) => ({ key: trie.keys[v], exact: trie.exact[v] === 1 }));
}

/**
 * The field selectors of one layer: data events of `type` on `channel`, in `inKeys` and not in `outKeys`. No ARN
 * condition when both lists are empty (the whole type). Exact ARNs and prefixes of one list share the field
 * selector (positive operators are OR'd, negative ones each exclude: aws-facts §3).
 */
export function layerFieldSelectors(type: string, channel: Channel, inKeys: readonly ArnValue[], outKeys: readonly ArnValue[]): AdvancedFieldSelector[] {
  const fs: AdvancedFieldSelector[] = [
    { Field: 'eventCategory', Equals: ['Data'] },
    { Field: 'resources.type', Equals: [type] },
  ];
  if (channel === 'writes') fs.push({ Field: 'readOnly', Equals: ['false'] });
  if (channel === 'reads') fs.push({ Field: 'readOnly', Equals: ['true'] });
  if (inKeys.length > 0 || outKeys.length > 0) {
    const arn: AdvancedFieldSelector = { Field: 'resources.ARN' };
    const put = (op: 'Equals' | 'StartsWith' | 'NotEquals' | 'NotStartsWith', keys: readonly ArnValue[]) => {
      const values = keys.map((k) => k.key);
      if (values.length > 0) arn[op] = values;
    };
    put('Equals', inKeys.filter((k) => k.exact));
    put('StartsWith', inKeys.filter((k) => !k.exact));
    put('NotEquals', outKeys.filter((k) => k.exact));
    put('NotStartsWith', outKeys.filter((k) => !k.exact));
    fs.push(arn);
  }
  return fs;
}

function typeWord(type: string): string {
  if (type === RESOURCE_TYPES.s3Object) return 'S3 objects';
  if (type === RESOURCE_TYPES.lambdaFunction) return 'Lambda functions';
  if (type === RESOURCE_TYPES.dynamoTable) return 'DynamoDB tables';
  return type;
}

/** "a, b, c and 4 more" within a character allowance. */
function listWithin(items: string[], allowance: number): string {
  const out: string[] = [];
  let len = 0;
  for (let i = 0; i < items.length; i++) {
    const rest = items.length - i - 1;
    if (len + items[i].length + 2 + (rest > 0 ? 16 : 0) > allowance && out.length > 0) {
      return `${out.join(', ')} and ${items.length - out.length} more`;
    }
    out.push(items[i]);
    len += items[i].length + 2;
  }
  return out.join(', ');
}

function reasonsOf(problem: TypeProblem, nodes: number[]): string[] {
  const seen = new Set<string>();
  for (const v of nodes) {
    const r = problem.info[v].rule;
    if (r && r.decision !== 'drop' && r.reason && r.reason !== 'decision') seen.add(r.reason);
  }
  return [...seen];
}

function nameFor(problem: TypeProblem, r: RenderedSelector): string {
  const what = r.channel === 'writes' ? 'writes only' : r.channel === 'reads' ? 'reads only' : problem.type === RESOURCE_TYPES.lambdaFunction ? 'all events' : 'reads+writes';
  const enteredLabels = r.enters.map((v) => problem.info[v].label);
  const leftLabels = r.leaves.map((v) => problem.info[v].label);
  const allKept = r.enters.length > 0 && r.enters.every((v) => {
    const d = problem.info[v].rule?.decision;
    return d === 'keep' || d === 'keep-writes';
  });
  let head: string;
  if (r.rootIn) {
    head = `Log all ${typeWord(problem.type)} (${what})`;
  } else if (allKept) {
    const reasons = reasonsOf(problem, r.enters);
    const nested = r.layer > 1 ? ' inside dropped prefixes' : '';
    head = `Keep${reasons.length > 0 ? ` ${listWithin(reasons, 120)}` : ''}${nested} (${what}): `;
  } else {
    head = `Log (${what}): `;
  }
  const budget = MAX_NAME - head.length - 20;
  let body = '';
  if (!r.rootIn) body = listWithin(enteredLabels, leftLabels.length > 0 ? Math.floor(budget * 0.6) : budget);
  if (leftLabels.length > 0) {
    const used = body.length;
    body += `${r.rootIn ? ' ' : '; '}except ${listWithin(leftLabels, budget - used - 10)}`;
  }
  return truncateName(`${head}${body}`, MAX_NAME);
}

/** Selectors of one resource type for a plan. Layers with nothing in them are left out. */
export function renderPlan(problem: TypeProblem, plan: TypePlan): RenderedSelector[] {
  const { trie } = problem;
  const out: RenderedSelector[] = [];
  const channels: Array<[Channel, number]> = [['all', plan.layers.all], ['writes', plan.layers.writes], ['reads', plan.layers.reads ?? 0]];
  const byLayer = new Map<string, Edge[]>();
  for (const e of plan.solution.edges) {
    const k = `${e.channel}:${e.layer}`;
    byLayer.set(k, [...(byLayer.get(k) ?? []), e]);
  }
  for (const [channel, count] of channels) {
    for (let layer = 1; layer <= count; layer++) {
      const edges = byLayer.get(`${channel}:${layer}`) ?? [];
      const rootIn = edges.some((e) => e.node === 0 && e.kind === 'enter');
      const enters = edges.filter((e) => e.kind === 'enter' && e.node !== 0).map((e) => e.node);
      const leaves = edges.filter((e) => e.kind === 'leave').map((e) => e.node);
      if (!rootIn && enters.length === 0) continue;
      const byKey = (a: number, b: number) => (trie.keys[a] < trie.keys[b] ? -1 : 1);
      enters.sort(byKey);
      leaves.sort(byKey);
      const fs = layerFieldSelectors(problem.type, channel, arnValues(trie, enters), arnValues(trie, leaves));
      const r: RenderedSelector = { selector: { Name: '', FieldSelectors: fs }, channel, layer, enters, leaves, rootIn };
      r.selector.Name = nameFor(problem, r);
      out.push(r);
    }
  }
  return out;
}
