/**
 * The proof: a proposed selector set run through the one selector engine over every model node × event class
 * the trail sees, against what the policy requires. Nothing of the optimizer's own bookkeeping is trusted:
 * populations are the model's (a node minus its model children), verdicts are the engine's.
 */
import { ALL, NONE, SOME, evaluateSubject, type StringSet, type Tri } from '../selectors/evaluate.js';
import { restrictionKey, type RestrictedSets } from './restrict.js';
import { populationSubject } from '../selectors/population.js';
import type { ClassVolume, EventClass } from '../model/types.js';
import { MAY, MUST, MUST_NOT, type Requirement } from './trie.js';
import type { TypeProblem } from './problem.js';

export type ViolationCode = 'keep-not-logged' | 'keep-writes-not-logged' | 'required-not-logged' | 'drop-logged';

export interface Violation {
  code: ViolationCode;
  nodeId: string | null;
  label: string;
  eventName: string;
  readOnly: boolean;
  verdict: 'not logged' | 'partly logged' | 'logged';
  message: string;
}

export interface Coverage {
  /** Monthly events the policy requires logged (known volumes), and how many of them the set logs in full. */
  required: number;
  logged: number;
  /** Required events in populations a rule key splits where the model does not: logged in part, split unknown. */
  split: number;
  /** Required node × class pairs whose volume is unknown (checked, but not in the sums). */
  unknownPairs: number;
}

export interface ProofResult {
  ok: boolean;
  /** Node × class pairs evaluated. */
  checked: number;
  violations: Violation[];
  /** keep (reads and writes) and keep-writes (writes) coverage, plus what `default: log` keeps. */
  coverage: { keep: Coverage; keepWrites: Coverage };
}

/** What the policy's levers let the optimizer stop logging outside kept nodes. */
export interface LeverFilter {
  /** Classes it may drop whole (event types, event names). */
  drops(cls: EventClass): boolean;
  /** Named callers may be dropped, so a population logged only in part (the other callers) is fine. */
  callers: boolean;
}

const VERDICT: Record<Tri, Violation['verdict']> = { [NONE]: 'not logged', [SOME]: 'partly logged', [ALL]: 'logged' } as Record<Tri, Violation['verdict']>;

function emptyCoverage(): Coverage {
  return { required: 0, logged: 0, split: 0, unknownPairs: 0 };
}

/**
 * Does a rule key the model does not split out lie inside this population with a different requirement for
 * this access (e.g. a kept prefix inside a dropped node, a dropped one inside a logged bucket)? Then the engine
 * rightly answers "partly" for the population as a whole.
 */
function mixedInside(problem: TypeProblem, v: number, pop: string | StringSet, readOnly: boolean, req: Requirement): boolean {
  if (typeof pop === 'string') return false;
  const reqs = readOnly ? problem.trie.reqRead : problem.trie.reqWrite;
  const stack = [...problem.trie.children[v]];
  while (stack.length > 0) {
    const c = stack.pop()!;
    if (problem.info[c].modelNode) continue; // a model child is outside the population
    if (reqs[c] !== req) return true;
    stack.push(...problem.trie.children[c]);
  }
  return false;
}

/** Population of a tree node as the model sees it: its prefix minus its model children (not rule keys). */
function modelPopulation(problem: TypeProblem, v: number): string | StringSet {
  const pop = problem.population(v);
  if (typeof pop === 'string') return pop;
  const except: string[] = [];
  const stack = [...problem.trie.children[v]];
  while (stack.length > 0) {
    const c = stack.pop()!;
    if (problem.info[c].modelNode) except.push(problem.trie.keys[c]);
    else stack.push(...problem.trie.children[c]);
  }
  return { prefix: pop.prefix, except };
}

export function prove(problems: readonly TypeProblem[], sets: RestrictedSets, levers: LeverFilter | null): ProofResult {
  const violations: Violation[] = [];
  const keep = emptyCoverage();
  const keepWrites = emptyCoverage();
  let checked = 0;
  for (const problem of problems) {
    const { trie, info } = problem;
    for (let v = 0; v < trie.keys.length; v++) {
      const inf = info[v];
      // Model nodes with the model's population; rule keys (and the root) with the tree's own.
      const pop = inf.modelNode ? modelPopulation(problem, v) : problem.population(v);
      const classes: ClassVolume[] = problem.classes[v];
      const set = sets.for(restrictionKey(typeof pop === 'string' ? pop : pop.prefix));
      for (const c of classes) {
        let req: Requirement = c.cls.readOnly ? (trie.reqRead[v] as Requirement) : (trie.reqWrite[v] as Requirement);
        const decision = inf.rule?.decision ?? null;
        // A lever (e.g. per-key DeleteObject records) may drop classes the default would keep, never kept ones.
        if (req === MUST && decision === null && levers?.drops(c.cls)) req = MAY;
        if (req === MAY) continue;
        const verdict = evaluateSubject(set, populationSubject({ cls: c.cls, resourceType: problem.type, arn: pop })).result;
        checked++;
        const events = c.volume.events;
        if (req === MUST) {
          const cov = decision === 'keep-writes' ? keepWrites : keep;
          const split = verdict === SOME && mixedInside(problem, v, pop, c.cls.readOnly, req);
          if (decision === 'keep' || decision === 'keep-writes') {
            if (events === null) cov.unknownPairs++;
            else {
              cov.required += events;
              if (verdict === ALL) cov.logged += events;
              else if (split) cov.split += events;
            }
          }
          if (split) continue;
          if (verdict === SOME && decision === null && levers?.callers) continue;
          if (verdict !== ALL) {
            const code: ViolationCode = decision === 'keep' ? 'keep-not-logged' : decision === 'keep-writes' ? 'keep-writes-not-logged' : 'required-not-logged';
            violations.push({
              code, nodeId: inf.modelNode?.id ?? null, label: inf.label, eventName: c.cls.eventName, readOnly: c.cls.readOnly,
              verdict: VERDICT[verdict],
              message: `${inf.label}: ${c.cls.eventName} must be logged (${decision ?? 'logged today, policy default log'}) but is ${VERDICT[verdict]}`,
            });
          }
        } else if (req === MUST_NOT && verdict !== NONE) {
          if (verdict === SOME && mixedInside(problem, v, pop, c.cls.readOnly, req)) continue;
          violations.push({
            code: 'drop-logged', nodeId: inf.modelNode?.id ?? null, label: inf.label, eventName: c.cls.eventName, readOnly: c.cls.readOnly,
            verdict: VERDICT[verdict],
            message: `${inf.label}: ${c.cls.eventName} is dropped by policy (${inf.rule?.reason ?? inf.rule?.origin ?? 'drop'}) but is ${VERDICT[verdict]}`,
          });
        }
      }
    }
  }
  return { ok: violations.length === 0, checked, violations, coverage: { keep, keepWrites } };
}
