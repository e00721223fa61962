/**
 * A decision is written at the level it was made: one on an account or Region becomes one scope rule
 * (`account:ID`, `account:ID/REGION`), not a rule per bucket, so resources a later scan finds are covered — and the
 * saved scenario, read again, answers every resource as the decisions did.
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { decisionSaver, decisionsToRules } from '../../src/tui/decisions.js';
import { policyModel } from '../../src/model/policy-model.js';
import { demoInput, root } from '../estimate/helpers.js';
import type { NodeDecision } from '../../src/model/policy.js';

describe('saving account and Region decisions', () => {
  const input = demoInput();
  const account = [...input.model.nodes.values()].find((n) => n.kind === 'account')!;
  const region = [...input.model.nodes.values()].find((n) => n.kind === 'region' && n.parentId !== account.id)!;

  it('one rule per decided account or Region', () => {
    const { rules } = decisionsToRules(input.model, new Map<string, NodeDecision>([[account.id, 'drop'], [region.id, 'keep-writes']]));
    expect(rules).toEqual([
      expect.objectContaining({ match: `account:${account.account}`, decision: 'drop' }),
      expect.objectContaining({ match: `account:${region.account}/${region.region}`, decision: 'keep-writes' }),
    ]);
  });

  it('the saved scenario answers every resource as the decisions did', () => {
    const dir = mkdtempSync(join(tmpdir(), 'trailcost-level-'));
    const file = join(dir, 'demo.yaml');
    writeFileSync(file, readFileSync(`${root}scenarios/demo.yaml`, 'utf8'));
    const decisions = new Map<string, NodeDecision>([[account.id, 'drop'], [region.id, 'keep-writes']]);
    decisionSaver({ kind: 'scenario', file, name: input.name, model: input.model, policy: input.policy })(decisions);
    const text = readFileSync(file, 'utf8');
    expect(parse(text).policy.rules.filter((r: { match: string }) => r.match.startsWith('account:'))).toHaveLength(2);
    const saved = demoInput(null, text);
    const before = policyModel(input.model, input.policy!, decisions);
    const after = policyModel(saved.model, saved.policy!);
    let compared = 0;
    for (const n of input.model.nodes.values()) {
      const a = before.nodeAnswer(n);
      if (!a) continue;
      expect(after.nodeAnswer(saved.model.nodes.get(n.id)!)!.want, n.id).toBe(a.want);
      compared++;
    }
    expect(compared).toBeGreaterThan(20);
  });
});
