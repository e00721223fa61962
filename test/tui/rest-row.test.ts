/**
 * The `(rest)` of a bucket or prefix as a row (issue 14): its figures are what `estimate --by prefix` prints for
 * "bucket/ (rest)" (the estimator's own-node evaluation), deciding it writes what the policy can express (a
 * decision on the owner's key, the children pinned at their answers), and where it cannot be expressed the row
 * is read-only and says why.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { loadInput, type LoadedInput } from '../../src/app/load-input.js';
import { propose } from '../../src/app/proposal.js';
import { breakdown } from '../../src/estimate/breakdown.js';
import { policyModel } from '../../src/model/policy-model.js';
import { createSession } from '../../src/tui/session.js';
import { hasRest, restId, restPlan } from '../../src/tui/rest-rows.js';
import { decisionsToRules } from '../../src/tui/decisions.js';
import { ruleKey } from '../../src/tui/persist.js';

let demo: LoadedInput;
beforeAll(async () => {
  demo = await loadInput({});
});

const DATALAKE = 's3:arn:aws:s3:::acme-datalake/';
const VAULT = 's3:arn:aws:s3:::acme-pii-vault/';
const close = (a: number, b: number) => expect(Math.abs(a - b)).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(b)));

describe('(rest) rows on the demo', () => {
  it('one under every S3 node with child prefixes and volume of its own, with the figures estimate --by prefix prints', () => {
    const session = createSession(demo);
    const tree = session.view().resources;
    const owners = [...demo.model.nodes.values()].filter(hasRest);
    expect(owners.map((n) => n.id)).toEqual(expect.arrayContaining([DATALAKE, VAULT]));
    const byPrefix = new Map(breakdown(session.estimator, 'prefix').map((r) => [r.key, r]));
    for (const o of owners) {
      const row = tree.get(restId(o.id))!;
      expect(row.label).toBe('(rest)');
      expect(tree.get(o.id)!.childIds.at(-1)).toBe(row.id);
      const b = byPrefix.get(o.id)!;
      if (o.kind === 'bucket') expect(b.label).toMatch(/ \(rest\)$/);
      close(row.events!.low, b.events.low);
      close(row.events!.high, b.events.high);
      close(row.costNow!.low, b.usd.low);
      close(row.costNow!.high, b.usd.high);
      // The owner's subtree is its children plus its rest: nothing counted twice, nothing left out.
      const kids = o.childIds.reduce((a, c) => a + tree.get(c)!.costNow!.high, 0);
      close(kids + row.costNow!.high, tree.get(o.id)!.costNow!.high);
    }
    session.close?.();
  });

  it('proposed: the owner less its children, from the same proposal the header prices', async () => {
    const session = createSession(demo);
    const settled = (await session.view().settled!())!;
    const p = propose(demo).evaluation!;
    for (const o of [DATALAKE, VAULT]) {
      const n = demo.model.nodes.get(o)!;
      const own = n.childIds.reduce((a, c) => a - p.node(c).usd.high, p.node(o).usd.high);
      close(settled.resources.get(restId(o))!.costProposed!.high, Math.max(0, own));
    }
    session.close?.();
  });

  it('is read-only where a child follows the policy default, and says which one', () => {
    const session = createSession(demo);
    const row = session.view().resources.get(restId(DATALAKE))!;
    expect(row.readOnly).toMatch(/curated\/ follows the policy default \(log\)/);
    const before = session.view();
    expect(session.setDecision(row.id, 'drop')).toBe(before);
    expect(session.decisions().size).toBe(0);
    // Deciding the child first makes the rest decidable.
    session.setDecision('s3:arn:aws:s3:::acme-datalake/curated/', 'keep');
    expect(session.view().resources.get(restId(DATALAKE))!.readOnly).toBeUndefined();
    session.close?.();
  });

  it('deciding it drops only the rest: the children keep their answers, and auto undoes the pins', () => {
    const session = createSession(demo);
    const vault = demo.model.nodes.get(VAULT)!;
    const pm0 = policyModel(demo.model, demo.policy!);
    const answers0 = vault.childIds.map((c) => pm0.nodeAnswer(demo.model.nodes.get(c)!)!.want);
    expect(session.view().resources.get(restId(VAULT))!.readOnly).toBeUndefined();
    session.setDecision(restId(VAULT), 'drop');
    const d = session.decisions();
    expect(d.get(VAULT)).toBe('drop');
    for (const c of vault.childIds) expect(d.get(c)).toBe('keep');
    // The policy model (the optimizer's and the estimator's) now answers: drop for the rest, keep for the prefixes.
    const pm = policyModel(demo.model, demo.policy!, d);
    expect(pm.nodeAnswer(vault)!.want).toBe('drop');
    expect(vault.childIds.map((c) => pm.nodeAnswer(demo.model.nodes.get(c)!)!.want)).toEqual(answers0);
    // Saved as rules (what `w` writes), the scenario's own policy says the same: the policy can name the rest.
    const { rules } = decisionsToRules(demo.model, d);
    const saved = { ...demo.policy!, rules: [...demo.policy!.rules.filter((r) => !rules.some((x) => ruleKey(x.match) === ruleKey(r.match))), ...rules] };
    const pmSaved = policyModel(demo.model, saved);
    for (const id of [VAULT, ...vault.childIds]) expect(pmSaved.nodeAnswer(demo.model.nodes.get(id)!)!.want).toBe(pm.nodeAnswer(demo.model.nodes.get(id)!)!.want);
    const rest = session.view().resources.get(restId(VAULT))!;
    expect(rest.decision).toBe('drop');
    expect(rest.effective).toBe('drop');
    // A child decided by hand is the user's, no longer a pin: auto on the rest leaves it.
    session.setDecision(vault.childIds[0], 'keep-writes');
    session.setDecision(restId(VAULT), 'auto');
    expect([...session.decisions()]).toEqual([[vault.childIds[0], 'keep-writes']]);
    session.close?.();
  });

  it('is read-only in a governed trail\'s own log bucket (its answer differs per trail) and without a policy', () => {
    const vault = demo.model.nodes.get(VAULT)!;
    const pm = policyModel(demo.model, demo.policy!);
    expect(restPlan(demo.model, pm, vault).ok).toBe(true);
    const own = restPlan(demo.model, pm, vault, 'data-trail');
    expect(own.ok).toBe(false);
    expect(!own.ok && own.why).toMatch(/log bucket of trail data-trail/);
    const none = restPlan(demo.model, null, vault);
    expect(!none.ok && none.why).toMatch(/no policy/);
  });
});
