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
import { ALL, NONE, SOME, evaluateTri, type StringSet, type Tri } from '../selectors/evaluate.js';
import { RestrictedSets, restrictionKey, sharedRestrictedSets } from '../selectors/restrict.js';
import { populationSubject, type Population } from '../selectors/population.js';
import { RESOURCE_TYPES } from '../selectors/data-events.js';
import type { AdvancedEventSelector } from '../selectors/types.js';
import { unknownClasses } from '../model/classes.js';
import { advancedSelectorsOf, arnKeyInReach, inReach, selectorKeys } from '../model/governance.js';
import { leverDrops, leverDropsCallers, POLICY_TYPES, type PolicyType } from '../model/policy.js';
import { nodeExact, nodeKey, type Answer, type TrailPolicy } from '../model/policy-model.js';
import type { Trail } from '../model/snapshot.js';
import type { ClassVolume, ModelNode, VolumeModel } from '../model/types.js';

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

/** What a reader can act on: a model node's name, or for a piece no node holds, what it stands for. */
export function pieceLabel(key: string, node: ModelNode | null): string {
  if (node) return node.arnPrefix ? node.arnPrefix.replace(/^arn:[^:]+:s3:::/, '') : node.label;
  // The type's root with no node: every resource of the type that is not in the inventory.
  if (/^arn:[^:]+:s3:::$/.test(key)) return '(S3 buckets not in the inventory)';
  if (/^arn:[^:]+:lambda:$/.test(key)) return '(Lambda functions not in the inventory)';
  if (/^arn:[^:]+:dynamodb:$/.test(key)) return '(DynamoDB tables not in the inventory)';
  return `${key.replace(/^arn:[^:]+:s3:::/, '') || key} (not in the inventory)`;
}

function placeholders(type: string): ClassVolume[] {
  return unknownClasses(type).map((cls) => ({ cls, volume: { events: null, low: null, high: null, provenance: 'unknown' as const } }));
}

/** Key order: by key, a prefix before an exact ARN of the same text. */
function comparePieces(a: { key: string; exact: boolean }, b: { key: string; exact: boolean }): number {
  if (a.key !== b.key) return a.key < b.key ? -1 : 1;
  return Number(a.exact) - Number(b.exact);
}

/** Is (key, exact) among the sorted, distinct pieces? */
function hasPiece(sorted: readonly Piece[], key: string, exact: boolean): boolean {
  let lo = 0;
  let hi = sorted.length;
  const probe = { key, exact };
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const c = comparePieces(sorted[mid], probe);
    if (c === 0) return true;
    if (c < 0) lo = mid + 1;
    else hi = mid;
  }
  return false;
}

/**
 * The model's resource keys in key order (of nodes with the same key, in the model's order: the sort is stable),
 * once per model: a model does not change, and the TUI proves a proposal for it on every decision. The proof's own
 * reading of the inventory (nothing shared with the optimizer).
 */
const SORTED = new WeakMap<VolumeModel, { size: number; keys: Array<{ key: string; exact: boolean; node: ModelNode }> }>();
function sortedResources(model: VolumeModel): Array<{ key: string; exact: boolean; node: ModelNode }> {
  const hit = SORTED.get(model);
  if (hit && hit.size === model.nodes.size) return hit.keys;
  const keys: Array<{ key: string; exact: boolean; node: ModelNode }> = [];
  for (const n of model.nodes.values()) {
    if (n.resourceType === undefined) continue;
    const key = nodeKey(n);
    if (key !== undefined) keys.push({ key, exact: nodeExact(n), node: n });
  }
  keys.sort(comparePieces);
  SORTED.set(model, { size: model.nodes.size, keys });
  return keys;
}

/** The keys of one type the trail reaches, in key order: model resources and statement keys. */
function piecesOf(input: PolicyCheckInput, type: PolicyType): Piece[] {
  const { model, trail, orgAccounts } = input;
  const unreached = new Set<string>();
  const found: Array<{ key: string; exact: boolean; node: ModelNode }> = [];
  for (const e of sortedResources(model)) {
    const n = e.node;
    if (n.resourceType !== type) continue;
    if (!inReach(trail, n.account, n.region, orgAccounts)) {
      if (n.kind === 'bucket') unreached.add(e.key);
      continue;
    }
    found.push(e);
  }
  // Of model nodes with the same key, the last in the model's order stands for it.
  const nodes: Piece[] = [];
  for (let i = 0; i < found.length; i++) {
    if (i + 1 < found.length && comparePieces(found[i], found[i + 1]) === 0) continue;
    nodes.push({ key: found[i].key, exact: found[i].exact, node: found[i].node, cut: false });
  }
  // Statement keys, and the keys today's selectors name (resources the model may not list).
  const seen = new Set<string>();
  const extra: Piece[] = [];
  for (const s of [...input.policy.statements(type), ...selectorKeys(advancedSelectorsOf(trail), type)]) {
    const id = `${s.exact ? '=' : ''}${s.key}`;
    if (seen.has(id) || hasPiece(nodes, s.key, s.exact)) continue;
    if (type === RESOURCE_TYPES.s3Object) {
      const bucket = /^(arn:[^:]+:s3:::[^/]+\/)/.exec(s.key)?.[1];
      if (bucket && unreached.has(bucket)) continue;
    } else if (!arnKeyInReach(s.key, trail, orgAccounts)) continue;
    seen.add(id);
    extra.push({ key: s.key, exact: s.exact, node: null, cut: false });
  }
  extra.sort(comparePieces);
  const out: Piece[] = new Array(nodes.length + extra.length);
  for (let i = 0, j = 0, k = 0; k < out.length; k++) {
    out[k] = j >= extra.length || (i < nodes.length && comparePieces(nodes[i], extra[j]) < 0) ? nodes[i++] : extra[j++];
  }
  return out;
}

const NO_KIDS: number[] = Object.freeze([] as number[]) as number[];

/**
 * The key tree of sorted pieces (an exact ARN contains nothing): each piece's parent and children, the top-level
 * pieces, and each piece's population (its key minus its children's keys) on demand. A model node is "cut" when a
 * statement-only key lies in its residual.
 */
function shapeOf(pieces: readonly Piece[]): { pop(i: number): string | StringSet; top: Piece[] } {
  const parent = new Int32Array(pieces.length).fill(-1);
  const children: number[][] = new Array(pieces.length).fill(NO_KIDS);
  const stack: number[] = [];
  const top: Piece[] = [];
  for (let i = 0; i < pieces.length; i++) {
    const p = pieces[i];
    while (stack.length > 0) {
      const t = pieces[stack[stack.length - 1]];
      if (!t.exact && p.key.startsWith(t.key)) break;
      stack.pop();
    }
    const up = stack.length > 0 ? stack[stack.length - 1] : -1;
    parent[i] = up;
    if (up < 0) top.push(p);
    else if (children[up] === NO_KIDS) children[up] = [i];
    else children[up].push(i);
    stack.push(i);
  }
  for (let i = 0; i < pieces.length; i++) {
    if (pieces[i].node !== null) continue;
    let a = parent[i];
    while (a >= 0 && pieces[a].node === null) a = parent[a];
    if (a >= 0) pieces[a].cut = true;
  }
  const pop = (i: number): string | StringSet => {
    const p = pieces[i];
    if (p.exact) return p.key;
    const except: string[] = [];
    const exceptExact: string[] = [];
    for (const c of children[i]) (pieces[c].exact ? exceptExact : except).push(pieces[c].key);
    return exceptExact.length > 0 ? { prefix: p.key, except, exceptExact } : { prefix: p.key, except };
  };
  return { pop, top };
}

export function checkPolicy(input: PolicyCheckInput): ProofResult {
  const violations: Violation[] = [];
  const keep: Coverage = { required: 0, logged: 0, split: 0, unknownPairs: 0 };
  const keepWrites: Coverage = { required: 0, logged: 0, split: 0, unknownPairs: 0 };
  const proposed = new RestrictedSets(input.proposed);
  // Today's selectors through the engine's restrictions, shared with whoever else reads the same set (the engine
  // is the judge both use; nothing of the optimizer's problem comes with it).
  const current = sharedRestrictedSets(advancedSelectorsOf(input.trail));
  const policy = input.policy.policy;
  const callers = leverDropsCallers(policy);
  let checked = 0;

  for (const type of input.types ?? POLICY_TYPES) {
    const pieces = piecesOf(input, type);
    const root = rootOf(type);
    const typePlaceholders = placeholders(type);
    // The root: resources of the type the model does not list and no statement names.
    const { pop, top } = shapeOf(pieces);
    const topKeys = top.filter((p) => p.key.startsWith(root));
    // Jobs in order (the root, then every piece), made one at a time.
    const jobs = function* (): Generator<{ pop: string | StringSet; piece: Piece | null; answer: Answer; classes: ClassVolume[]; cut: boolean }> {
      yield {
        pop: { prefix: root, except: topKeys.filter((p) => !p.exact).map((p) => p.key), exceptExact: topKeys.filter((p) => p.exact).map((p) => p.key) },
        piece: null, answer: input.policy.answer(type, root, false), classes: typePlaceholders, cut: false,
      };
      for (let i = 0; i < pieces.length; i++) {
        const piece = pieces[i];
        const own = piece.node?.classes ?? [];
        const answer = input.policy.answer(type, piece.key, piece.exact);
        // `default: drop` asks nothing of a piece: no population needed.
        yield { pop: answer.want === 'default-drop' ? piece.key : pop(i), piece, answer, classes: own.length > 0 ? own : typePlaceholders, cut: piece.cut };
      }
    };

    for (const job of jobs()) {
      const want = job.answer.want;
      // `default: drop` asks nothing of a piece: nothing to check.
      if (want === 'default-drop') continue;
      const key = restrictionKey(typeof job.pop === 'string' ? job.pop : job.pop.prefix);
      // Today's selectors matter only under `default: log`.
      const setNow = want === 'default-log' ? current.for(key) : null;
      const setNew = proposed.for(key);
      const failures: Array<[ClassVolume, ViolationCode, string, Tri]> = [];
      // A kept piece is checked for every mode, not only the classes the model has volume for: a set that logged
      // only a kept bucket's reads (readOnly = true, an eventName filter) must fail. Representative classes of the
      // type (volume unknown) stand in for the modes the model does not list.
      const classes = want === 'keep' || want === 'keep-writes' ? withRepresentatives(job.classes, type) : job.classes;
      if (classes.length === 0) continue;
      // One subject per piece; its class is set per question.
      const population: Population = { cls: classes[0].cls, resourceType: type, arn: job.pop };
      const subject = populationSubject(population);
      for (const c of classes) {
        population.cls = c.cls;
        const kept = want === 'keep' || (want === 'keep-writes' && !c.cls.readOnly);
        // Under `default: log` only what is logged today (and no lever may drop) is required.
        const before = setNow !== null && !leverDrops(policy, c.cls) ? evaluateTri(setNow, subject) : NONE;
        if (!kept && want !== 'drop' && before === NONE) continue;
        const verdict = evaluateTri(setNew, subject);
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
            ? evaluateTri(setNew, populationSubject({ cls: c.cls, resourceType: type, arn: job.pop, callerArn: OTHER_CALLER }))
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
      const name = pieceLabel(job.piece?.key ?? root, job.piece?.node ?? null);
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
