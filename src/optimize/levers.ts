/**
 * The policy's optional noise levers, applied after the prefix optimum to selectors that log no kept node:
 * per-key DeleteObject records (`eventType NotEquals AwsServiceEvent`), named event names (`eventName
 * NotEquals`) and noisy callers (`userIdentity.arn NotStartsWith`). Each costs values on every selector it goes
 * on, so it is added only while the budget lasts, most saving first. Not part of the exact optimum: the prefix
 * structure is chosen without them.
 */
import type { AdvancedFieldSelector } from '../selectors/types.js';
import { DATA_EVENT_NAMES, RESOURCE_TYPES } from '../selectors/data-events.js';
import type { Policy } from '../model/policy.js';
import type { EventClass } from '../model/types.js';
import type { RenderedSelector } from './render.js';
import type { TypeProblem } from './problem.js';
import type { TypePlan } from './search.js';
import type { LeverFilter } from './proof.js';

export interface Lever {
  id: 'service-events' | 'event-names' | 'callers';
  field: AdvancedFieldSelector;
  values: number;
  applies(cls: EventClass): boolean;
  describe: string;
}

export function leversFor(policy: Policy, type: string): Lever[] {
  const out: Lever[] = [];
  const l = policy.levers;
  if (!l) return out;
  if (l.dropServiceEvents && type === RESOURCE_TYPES.s3Object) {
    out.push({
      id: 'service-events', field: { Field: 'eventType', NotEquals: ['AwsServiceEvent'] }, values: 1,
      applies: (c) => c.eventType === 'AwsServiceEvent', describe: 'per-key DeleteObject records',
    });
  }
  const names = (l.dropEventNames ?? []).filter((n) => (DATA_EVENT_NAMES[type] ?? []).includes(n));
  if (names.length > 0) {
    out.push({
      id: 'event-names', field: { Field: 'eventName', NotEquals: names }, values: names.length,
      applies: (c) => names.includes(c.eventName), describe: names.join(', '),
    });
  }
  const callers = l.dropCallers ?? [];
  if (callers.length > 0) {
    // The model rarely knows callers per population; the engine answers "partly" for them.
    out.push({
      id: 'callers', field: { Field: 'userIdentity.arn', NotStartsWith: callers }, values: callers.length,
      applies: () => false, describe: `calls by ${callers.join(', ')}`,
    });
  }
  return out;
}

/** Which classes the policy's levers may stop logging (outside kept nodes), for the proof. */
export function leverFilter(policy: Policy): LeverFilter | null {
  const l = policy.levers;
  if (!l) return null;
  const names = new Set(l.dropEventNames ?? []);
  return {
    drops: (cls) => (l.dropServiceEvents === true && cls.eventType === 'AwsServiceEvent') || names.has(cls.eventName),
    callers: (l.dropCallers ?? []).length > 0,
  };
}

/** Does this selector's region hold a node the policy keeps (reads or writes)? */
function holdsKept(problem: TypeProblem, plan: TypePlan, r: RenderedSelector): boolean {
  const state = r.channel === 'all' ? plan.solution.stateAll : plan.solution.stateWrites;
  const inState = 2 * r.layer - 1;
  for (let v = 0; v < problem.trie.keys.length; v++) {
    if (state[v] !== inState) continue;
    const d = problem.info[v].rule?.decision;
    if (d === 'keep' || d === 'keep-writes') return true;
  }
  return false;
}

/** Add levers to selectors without kept nodes while `budget` values last; returns the values spent. */
export function applyLevers(
  policy: Policy,
  parts: Array<{ problem: TypeProblem; plan: TypePlan; rendered: RenderedSelector[] }>,
  budget: number,
): { spent: number; applied: string[] } {
  let spent = 0;
  const applied: string[] = [];
  for (const { problem, plan, rendered } of parts) {
    const levers = leversFor(policy, problem.type);
    for (const r of rendered) {
      if (holdsKept(problem, plan, r)) continue;
      for (const lever of levers) {
        if (spent + lever.values > budget) continue;
        r.selector.FieldSelectors!.push(structuredClone(lever.field));
        spent += lever.values;
        applied.push(`${lever.describe} not logged by "${r.selector.Name}"`);
        const suffix = `; not ${lever.describe}`;
        if ((r.selector.Name ?? '').length + suffix.length <= 1000) r.selector.Name += suffix;
      }
    }
  }
  return { spent, applied };
}
