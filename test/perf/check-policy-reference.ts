// src/proof/check-policy.ts as it was before issue 17 (the reference its faster version must equal: test/perf/*-equivalence tests).
/**
 * The proof, independent of the optimizer: a selector set (as parsed from the file that would be written) run
 * through the one selector engine over every inventory node the trail reaches and every key a policy statement
 * names × event class, against what the policy model wants there. It reads nothing of the optimizer's problem,
 * so an optimizer that misreads a rule (an ARN prefix rendered as Equals, an alias dropped) fails here.
 *
 * Pieces: the keys are the model's resource keys plus the statements' keys; each key's population is its key minus
 * every other key under it, so one answer of the policy model holds for the whole piece and the engine must
 * answer ALL where logging is required and NONE where it is forbidden.
 */
import { ALL, NONE, SOME, evaluateSubject, type StringSet, type Tri } from '../../src/selectors/evaluate.js';
import { RestrictedSets, restrictionKey } from '../../src/selectors/restrict.js';
import { populationSubject } from '../../src/selectors/population.js';
import { RESOURCE_TYPES } from '../../src/selectors/data-events.js';
import type { AdvancedEventSelector } from '../../src/selectors/types.js';
import { unknownClasses } from '../../src/model/classes.js';
import { advancedSelectorsOf, arnKeyInReach, inReach, selectorKeys } from '../../src/model/governance.js';
import { leverDrops, leverDropsCallers, POLICY_TYPES, type PolicyType } from '../../src/model/policy.js';
import { nodeExact, nodeKey, type Answer, type TrailPolicy } from '../../src/model/policy-model.js';
import type { Trail } from '../../src/model/snapshot.js';
import { pieceLabel } from '../../src/proof/check-policy.js';
import type { ClassVolume, ModelNode, VolumeModel } from '../../src/model/types.js';

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
  /** Monthly events the policy keeps (known volumes of unsplit nodes), and how many of them the set logs in full. */
  required: number;
  logged: number;
  /** Events of nodes a statement splits where the model does not (the kept share is unknown). */
  split: number;
  /** Kept piece × class pairs whose volume is unknown (checked, not in the sums). */
  unknownPairs: number;
}

export interface ProofResult {
  ok: boolean;
  /** Piece × class pairs with a requirement, evaluated. */
  checked: number;
  violations: Violation[];
  coverage: { keep: Coverage; keepWrites: Coverage };
}

const VERDICT: Record<Tri, Violation['verdict']> = { [NONE]: 'not logged', [SOME]: 'partly logged', [ALL]: 'logged' } as Record<Tri, Violation['verdict']>;

export interface PolicyCheckInput {
  model: VolumeModel;
  /** The trail as it is now: its reach, and its selectors (what `default: log` keeps). */
  trail: Trail;
  policy: TrailPolicy;
  orgAccounts: ReadonlySet<string>;
  proposed: readonly AdvancedEventSelector[];
  /** Types to check (default: every type the policy can name). */
  types?: readonly PolicyType[];
}

interface Piece {
  key: string;
  exact: boolean;
  node: ModelNode | null;
  /** A model node whose residual other keys cut (its volume cannot be split between the pieces). */
  cut: boolean;
}

/** A caller no `dropCallers` lever names (trailcost's own placeholder account). */
const OTHER_CALLER = 'arn:aws:sts::000000000000:assumed-role/trailcost-any-other-caller/session';

/** The node's classes plus the type's representative classes of the modes (reads / writes) it lacks. */
function withRepresentatives(classes: readonly ClassVolume[], type: string): ClassVolume[] {
  const modes = new Set(classes.map((c) => c.cls.readOnly));
  const missing = unknownClasses(type).filter((cls) => !modes.has(cls.readOnly));
  return [...classes, ...missing.map((cls) => ({ cls, volume: { events: null, low: null, high: null, provenance: 'unknown' as const } }))];
}

function rootOf(type: PolicyType): string {
  if (type === RESOURCE_TYPES.s3Object) return 'arn:aws:s3:::';
  if (type === RESOURCE_TYPES.lambdaFunction) return 'arn:aws:lambda:';
  return 'arn:aws:dynamodb:';
}

// Labels are wording, not the algorithm: the same as the engine's.
const label = pieceLabel;

function placeholders(type: string): ClassVolume[] {
  return unknownClasses(type).map((cls) => ({ cls, volume: { events: null, low: null, high: null, provenance: 'unknown' as const } }));
}

/** The keys of one type the trail reaches: model resources and statement keys. */
function piecesOf(input: PolicyCheckInput, type: PolicyType): Piece[] {
  const { model, trail, orgAccounts } = input;
  const out = new Map<string, Piece>();
  const unreached = new Set<string>();
  for (const n of model.nodes.values()) {
    if (n.resourceType !== type) continue;
    const key = nodeKey(n);
    if (key === undefined) continue;
    if (!inReach(trail, n.account, n.region, orgAccounts)) {
      if (n.kind === 'bucket') unreached.add(key);
      continue;
    }
    const exact = nodeExact(n);
    out.set(`${exact ? '=' : ''}${key}`, { key, exact, node: n, cut: false });
  }
  // Statement keys, and the keys today's selectors name (resources the model may not list).
  for (const s of [...input.policy.statements(type), ...selectorKeys(advancedSelectorsOf(trail), type)]) {
    const id = `${s.exact ? '=' : ''}${s.key}`;
    if (out.has(id)) continue;
    if (type === RESOURCE_TYPES.s3Object) {
      const bucket = /^(arn:[^:]+:s3:::[^/]+\/)/.exec(s.key)?.[1];
      if (bucket && unreached.has(bucket)) continue;
    } else if (!arnKeyInReach(s.key, trail, orgAccounts)) continue;
    out.set(id, { key: s.key, exact: s.exact, node: null, cut: false });
  }
  return [...out.values()].sort((a, b) => (a.key !== b.key ? (a.key < b.key ? -1 : 1) : Number(a.exact) - Number(b.exact)));
}

/**
 * The key tree of sorted pieces (an exact ARN contains nothing) and each piece's population: its key minus its
 * children's keys. A model node is "cut" when a statement-only key lies in its residual.
 */
function shapeOf(pieces: readonly Piece[]): { pops: Array<string | StringSet>; top: Piece[] } {
  const parent = new Int32Array(pieces.length).fill(-1);
  const children: number[][] = pieces.map(() => []);
  const stack: number[] = [];
  pieces.forEach((p, i) => {
    while (stack.length > 0) {
      const t = pieces[stack[stack.length - 1]];
      if (!t.exact && p.key.startsWith(t.key)) break;
      stack.pop();
    }
    parent[i] = stack.length > 0 ? stack[stack.length - 1] : -1;
    if (parent[i] >= 0) children[parent[i]].push(i);
    stack.push(i);
  });
  pieces.forEach((p, i) => {
    if (p.node !== null) return;
    let a = parent[i];
    while (a >= 0 && pieces[a].node === null) a = parent[a];
    if (a >= 0) pieces[a].cut = true;
  });
  const pops = pieces.map((p, i): string | StringSet => {
    if (p.exact) return p.key;
    const kids = children[i].map((c) => pieces[c]);
    const except = kids.filter((k) => !k.exact).map((k) => k.key);
    const exceptExact = kids.filter((k) => k.exact).map((k) => k.key);
    return exceptExact.length > 0 ? { prefix: p.key, except, exceptExact } : { prefix: p.key, except };
  });
  return { pops, top: pieces.filter((_, i) => parent[i] < 0) };
}

export function checkPolicy(input: PolicyCheckInput): ProofResult {
  const violations: Violation[] = [];
  const keep: Coverage = { required: 0, logged: 0, split: 0, unknownPairs: 0 };
  const keepWrites: Coverage = { required: 0, logged: 0, split: 0, unknownPairs: 0 };
  const proposed = new RestrictedSets(input.proposed);
  const current = new RestrictedSets(advancedSelectorsOf(input.trail));
  const policy = input.policy.policy;
  const callers = leverDropsCallers(policy);
  let checked = 0;

  for (const type of input.types ?? POLICY_TYPES) {
    const pieces = piecesOf(input, type);
    const root = rootOf(type);
    const jobs: Array<{ pop: string | StringSet; piece: Piece | null; answer: Answer; classes: ClassVolume[]; cut: boolean }> = [];
    // The root: resources of the type the model does not list and no statement names.
    const { pops, top } = shapeOf(pieces);
    const topKeys = top.filter((p) => p.key.startsWith(root));
    jobs.push({
      pop: { prefix: root, except: topKeys.filter((p) => !p.exact).map((p) => p.key), exceptExact: topKeys.filter((p) => p.exact).map((p) => p.key) },
      piece: null, answer: input.policy.answer(type, root, false), classes: placeholders(type), cut: false,
    });
    pieces.forEach((piece, i) => {
      const own = piece.node?.classes ?? [];
      jobs.push({ pop: pops[i], piece, answer: input.policy.answer(type, piece.key, piece.exact), classes: own.length > 0 ? own : placeholders(type), cut: piece.cut });
    });

    for (const job of jobs) {
      const key = restrictionKey(typeof job.pop === 'string' ? job.pop : job.pop.prefix);
      const setNow = current.for(key);
      const setNew = proposed.for(key);
      const want = job.answer.want;
      const failures: Array<[ClassVolume, ViolationCode, string, Tri]> = [];
      // `default: drop` asks nothing of a piece: nothing to check.
      if (want === 'default-drop') continue;
      // A kept piece is checked for every mode, not only the classes the model has volume for: a set that logged
      // only a kept bucket's reads (readOnly = true, an eventName filter) must fail. Representative classes of the
      // type (volume unknown) stand in for the modes the model does not list.
      const classes = want === 'keep' || want === 'keep-writes' ? withRepresentatives(job.classes, type) : job.classes;
      for (const c of classes) {
        const subject = populationSubject({ cls: c.cls, resourceType: type, arn: job.pop });
        const kept = want === 'keep' || (want === 'keep-writes' && !c.cls.readOnly);
        // Under `default: log` only what is logged today (and no lever may drop) is required.
        const before = want === 'default-log' && !leverDrops(policy, c.cls) ? evaluateSubject(setNow, subject).result : NONE;
        if (!kept && want !== 'drop' && before === NONE) continue;
        const verdict = evaluateSubject(setNew, subject).result;
        checked++;
        if (kept) {
          if (verdict !== ALL) {
            failures.push([c, want === 'keep' ? 'keep-not-logged' : 'keep-writes-not-logged', 'must be logged', verdict]);
          }
          if (c.volume.events === null) (want === 'keep' ? keep : keepWrites).unknownPairs++;
        } else if (want === 'drop') {
          if (verdict !== NONE) failures.push([c, 'drop-logged', 'must not be logged', verdict]);
        } else if (want === 'default-log') {
          // What is logged today stays logged: in full where it was in full. Named noisy callers may go, so with
          // that lever the set is judged for a caller the lever does not name (it must still log all of theirs).
          const other = callers && before === ALL && verdict === SOME
            ? evaluateSubject(setNew, populationSubject({ cls: c.cls, resourceType: type, arn: job.pop, callerArn: OTHER_CALLER })).result
            : verdict;
          if (before === ALL && other !== ALL) failures.push([c, 'required-not-logged', 'is logged today and must stay logged', verdict]);
          else if (before === SOME && verdict === NONE) failures.push([c, 'required-not-logged', 'is partly logged today and must stay logged', verdict]);
        }
        // Coverage sums: known volumes of kept model nodes; cut nodes apart (their kept share is unknown).
        if (kept && job.piece?.node && c.volume.events !== null) {
          const cov = want === 'keep' ? keep : keepWrites;
          if (job.cut) cov.split += c.volume.events;
          else {
            cov.required += c.volume.events;
            if (verdict === ALL) cov.logged += c.volume.events;
          }
        }
      }
      if (failures.length === 0) continue;
      const name = label(job.piece?.key ?? root, job.piece?.node ?? null);
      const why = job.answer.statement ? job.answer.statement.label : want === 'default-log' ? 'logged today, policy default log' : 'policy default';
      for (const [c, code, what, verdict] of failures) {
        violations.push({
          code, nodeId: job.piece?.node?.id ?? null, label: name, eventName: c.cls.eventName, readOnly: c.cls.readOnly, verdict: VERDICT[verdict],
          message: `${name}: ${c.cls.eventName} ${what} (${why}) but is ${VERDICT[verdict]}`,
        });
      }
    }
  }
  return { ok: violations.length === 0, checked, violations, coverage: { keep, keepWrites } };
}
