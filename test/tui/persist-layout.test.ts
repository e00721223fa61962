/**
 * Issue 13, the TUI's `w`: a policy written through YAML aliases is edited where it is defined (or refused when
 * that would change other keys too), and one decision changes only the lines it concerns.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { saveRules, TUI_REASON } from '../../src/tui/persist.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'trailcost-persist-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const head = `name: aliased
inventory:
  accounts: [{ id: "111111111111" }]
`;

function save(file: string, rules: Parameters<typeof saveRules>[1], remove: string[] = []): string {
  return saveRules({ kind: 'scenario', file, name: 'x' }, rules, remove);
}

/** Lines of `a` and `b` not in their longest common subsequence: [removed from a, added in b]. */
function lineDiff(a: string, b: string): { removed: string[]; added: string[] } {
  const x = a.split('\n');
  const y = b.split('\n');
  const n = x.length;
  const m = y.length;
  const lcs: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) for (let j = m - 1; j >= 0; j--) lcs[i][j] = x[i] === y[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
  const removed: string[] = [];
  const added: string[] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (x[i] === y[j]) {
      i++;
      j++;
    } else if (lcs[i + 1][j] >= lcs[i][j + 1]) removed.push(x[i++]);
    else added.push(y[j++]);
  }
  while (i < n) removed.push(x[i++]);
  while (j < m) added.push(y[j++]);
  return { removed, added };
}

describe('a policy written with YAML aliases', () => {
  it('edits the anchored policy when `policy: *pol` is its only other use: keep rules, drop rules and levers stay', () => {
    const file = join(dir, 'alias.yaml');
    const text = `${head}variants:
  - name: same-policy
    policy: &pol
      default: log
      rules:
        - { match: acme-pii-vault, decision: keep, reason: PII }
        - { match: acme-cdn-logs, decision: drop, reason: CDN logs }
      levers:
        dropServiceEvents: true
policy: *pol
`;
    writeFileSync(file, text);
    save(file, [{ match: 'arn:aws:s3:::etl-scratch/', decision: 'drop' }]);
    const out = readFileSync(file, 'utf8');
    const doc = parse(out);
    expect(doc.policy.rules).toEqual([
      { match: 'acme-pii-vault', decision: 'keep', reason: 'PII' },
      { match: 'acme-cdn-logs', decision: 'drop', reason: 'CDN logs' },
      { match: 'arn:aws:s3:::etl-scratch/', decision: 'drop', reason: TUI_REASON },
    ]);
    expect(doc.policy.levers).toEqual({ dropServiceEvents: true });
    expect(doc.policy.default).toBe('log');
    expect(out).toContain('policy: *pol\n'); // still the alias
  });

  it('edits the anchored list when `rules: *r` is its only other use', () => {
    const file = join(dir, 'rules-alias.yaml');
    const text = `${head}variants:
  - name: lake
    policy:
      rules: &r
        - match: acme-pii-vault
          decision: keep
policy:
  default: log
  rules: *r
  levers: { dropEventNames: [HeadObject] }
`;
    writeFileSync(file, text);
    save(file, [{ match: 'acme-pii-vault', decision: 'keep-writes' }, { match: 'acme-cdn-logs', decision: 'drop' }]);
    const doc = parse(readFileSync(file, 'utf8'));
    expect(doc.policy.rules).toEqual([
      { match: 'acme-pii-vault', decision: 'keep-writes' },
      { match: 'acme-cdn-logs', decision: 'drop', reason: TUI_REASON },
    ]);
    expect(doc.policy.levers).toEqual({ dropEventNames: ['HeadObject'] });
  });

  it('refuses, naming the lines, when the anchor is shared by other keys too, and leaves the file untouched', () => {
    const file = join(dir, 'shared.yaml');
    const text = `${head}variants:
  - name: a
    policy: &pol
      rules:
        - { match: acme-pii-vault, decision: keep }
  - name: b
    policy: *pol
policy: *pol
`;
    writeFileSync(file, text);
    let message = '';
    try {
      save(file, [{ match: 'acme-cdn-logs', decision: 'drop' }]);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/shared\.yaml:11\b/); // the top-level `policy: *pol`
    expect(message).toMatch(/line 6\b/); // where &pol is defined
    expect(message).toMatch(/line 10\b/); // the other use
    expect(readFileSync(file, 'utf8')).toBe(text);
  });

  it('refuses a shared `rules: *r` too', () => {
    const file = join(dir, 'shared-rules.yaml');
    const text = `${head}variants:
  - name: a
    policy: { rules: &r [{ match: acme-pii-vault, decision: keep }] }
  - name: b
    policy: { rules: *r }
policy:
  rules: *r
`;
    writeFileSync(file, text);
    expect(() => save(file, [{ match: 'acme-cdn-logs', decision: 'drop' }])).toThrow(/shared-rules\.yaml:10\b.*line 6\b.*line 8\b/s);
    expect(readFileSync(file, 'utf8')).toBe(text);
  });

  it('keeps the demo layout: an anchor defined at policy.rules and used by a variant follows the edit', () => {
    const file = join(dir, 'demo.yaml');
    writeFileSync(file, readFileSync('scenarios/demo.yaml', 'utf8'));
    save(file, [{ match: 'arn:aws:s3:::acme-build-artifacts/', decision: 'drop' }]);
    const doc = parse(readFileSync(file, 'utf8'));
    const lake = doc.variants.find((v: { name: string }) => v.name === 'move-to-lake');
    expect(lake.policy.rules).toEqual(doc.policy.rules);
    expect(doc.policy.rules.at(-1)).toEqual({ match: 'arn:aws:s3:::acme-build-artifacts/', decision: 'drop', reason: TUI_REASON });
  });
});

describe('one decision changes only its lines', () => {
  it('on a copy of scenarios/demo.yaml: a changed decision and a new rule are two changed lines, the rest byte-identical', () => {
    const file = join(dir, 'demo.yaml');
    const before = readFileSync('scenarios/demo.yaml', 'utf8');
    writeFileSync(file, before);
    save(file, [
      { match: 'arn:aws:s3:::acme-cdn-logs/', decision: 'keep-writes' },
      { match: 'arn:aws:s3:::acme-build-artifacts/', decision: 'drop' },
    ]);
    const after = readFileSync(file, 'utf8');
    const d = lineDiff(before, after);
    expect(d.removed).toEqual(['    - { match: acme-cdn-logs, decision: drop, reason: CDN access logs }']);
    expect(d.added).toEqual([
      '    - { match: acme-cdn-logs, decision: keep-writes, reason: CDN access logs }',
      `    - { match: "arn:aws:s3:::acme-build-artifacts/", decision: drop, reason: ${TUI_REASON} }`,
    ]);
  });

  it('one decision on the demo copy changes one line', () => {
    const file = join(dir, 'demo.yaml');
    const before = readFileSync('scenarios/demo.yaml', 'utf8');
    writeFileSync(file, before);
    save(file, [{ match: 'arn:aws:s3:::acme-build-artifacts/', decision: 'drop' }]);
    const d = lineDiff(before, readFileSync(file, 'utf8'));
    expect(d.removed).toEqual([]);
    expect(d.added.length).toBe(1);
  });

  it('removing a rule the TUI wrote deletes exactly its lines', () => {
    const file = join(dir, 'demo.yaml');
    const before = readFileSync('scenarios/demo.yaml', 'utf8');
    writeFileSync(file, before);
    save(file, [{ match: 'arn:aws:s3:::acme-build-artifacts/', decision: 'drop' }]);
    save(file, [], ['arn:aws:s3:::acme-build-artifacts/']);
    expect(readFileSync(file, 'utf8')).toBe(before);
  });

  it('block rules get block rules with the list indentation; comments, quotes and flow collections stay', () => {
    const file = join(dir, 'block.yaml');
    const text = `# top
name: blocky
inventory:
  accounts: [{ id: "111111111111" }]   # one account
policy:
  default: log
  rules:
      # indented deeper than usual
      - match: "arn:aws:s3:::pii-vault/customers/"
        decision: 'keep'
        reason: >-
          folded text that the yaml stringifier
          would re-fold
      - { match: acme-cdn-logs, decision: drop }
      - match: acme-elb-logs
        decision: drop   # noise
  levers: { dropEventNames: [Data] }
variants: [] # none yet
`;
    writeFileSync(file, text);
    save(file, [
      { match: 'arn:aws:s3:::pii-vault/customers/', decision: 'drop' },
      { match: 'arn:aws:s3:::etl-scratch/', decision: 'drop' },
    ]);
    const out = readFileSync(file, 'utf8');
    const d = lineDiff(text, out);
    expect(d.removed).toEqual(["        decision: 'keep'"]);
    expect(d.added).toEqual([
      "        decision: 'drop'",
      '      - match: arn:aws:s3:::etl-scratch/',
      '        decision: drop',
      `        reason: ${TUI_REASON}`,
    ]);
    expect(parse(out).policy.rules.at(-1)).toEqual({ match: 'arn:aws:s3:::etl-scratch/', decision: 'drop', reason: TUI_REASON });
    // and back
    save(file, [{ match: 'arn:aws:s3:::pii-vault/customers/', decision: 'keep' }], ['arn:aws:s3:::etl-scratch/']);
    expect(readFileSync(file, 'utf8')).toBe(text);
  });

  it('a flow list of rules gets the new rule inside the brackets', () => {
    const file = join(dir, 'flow.yaml');
    const text = `${head}policy:
  rules: [{ match: acme-pii-vault, decision: keep }] # sensitive
variants: []
`;
    writeFileSync(file, text);
    save(file, [{ match: 'acme-cdn-logs', decision: 'drop' }]);
    const out = readFileSync(file, 'utf8');
    expect(out.split('\n').filter((l, i) => l !== text.split('\n')[i])).toHaveLength(1);
    expect(out).toContain('# sensitive');
    expect(parse(out).policy.rules).toEqual([
      { match: 'acme-pii-vault', decision: 'keep' },
      { match: 'acme-cdn-logs', decision: 'drop', reason: TUI_REASON },
    ]);
    save(file, [], ['acme-cdn-logs']);
    expect(readFileSync(file, 'utf8')).toBe(text);
  });

  it('an empty `rules: []` becomes a block list; removing the last TUI rule leaves an empty list', () => {
    const file = join(dir, 'empty.yaml');
    const text = `${head}policy:
  default: drop
  rules: []
variants: []
`;
    writeFileSync(file, text);
    save(file, [{ match: 'acme-cdn-logs', decision: 'drop' }]);
    const out = readFileSync(file, 'utf8');
    expect(out).toBe(`${head}policy:\n  default: drop\n  rules:\n    - match: acme-cdn-logs\n      decision: drop\n      reason: ${TUI_REASON}\nvariants: []\n`);
    save(file, [], ['acme-cdn-logs']);
    expect(parse(readFileSync(file, 'utf8')).policy).toEqual({ default: 'drop', rules: [] });
  });

  it('adds `rules:` under a policy that has none, and a policy at the end of a file that has none', () => {
    const a = join(dir, 'norules.yaml');
    writeFileSync(a, `${head}policy:\n  default: log # comment\nvariants: []\n`);
    save(a, [{ match: 'acme-cdn-logs', decision: 'drop' }]);
    expect(readFileSync(a, 'utf8')).toBe(`${head}policy:\n  default: log # comment\n  rules:\n    - match: acme-cdn-logs\n      decision: drop\n      reason: ${TUI_REASON}\nvariants: []\n`);
    const b = join(dir, 'nopolicy.yaml');
    writeFileSync(b, `${head}# the end`);
    save(b, [{ match: 'acme-cdn-logs', decision: 'drop' }]);
    expect(readFileSync(b, 'utf8')).toBe(`${head}# the end\npolicy:\n  rules:\n    - match: acme-cdn-logs\n      decision: drop\n      reason: ${TUI_REASON}\n`);
  });

  it('keeps a JSON scenario JSON', () => {
    const file = join(dir, 'scenario.json');
    const text = `{
  "name": "json",
  "inventory": { "accounts": [{ "id": "111111111111" }] },
  "policy": {
    "rules": [
      { "match": "acme-pii-vault", "decision": "keep" },
      { "match": "acme-elb-logs", "decision": "drop" }
    ]
  }
}
`;
    writeFileSync(file, text);
    save(file, [{ match: 'acme-elb-logs', decision: 'keep' }, { match: 'acme-cdn-logs', decision: 'drop' }]);
    const out = readFileSync(file, 'utf8');
    expect(JSON.parse(out).policy.rules).toEqual([
      { match: 'acme-pii-vault', decision: 'keep' },
      { match: 'acme-elb-logs', decision: 'keep' },
      { match: 'acme-cdn-logs', decision: 'drop', reason: TUI_REASON },
    ]);
    expect(lineDiff(text, out).removed).toEqual(['      { "match": "acme-elb-logs", "decision": "drop" }']);
    const nopol = join(dir, 'nopolicy.json');
    writeFileSync(nopol, '{\n  "name": "json",\n  "inventory": { "accounts": [{ "id": "111111111111" }] }\n}\n');
    save(nopol, [{ match: 'acme-cdn-logs', decision: 'drop' }]);
    expect(JSON.parse(readFileSync(nopol, 'utf8')).policy).toEqual({ rules: [{ match: 'acme-cdn-logs', decision: 'drop', reason: TUI_REASON }] });
  });

  it('quotes what a plain scalar cannot hold', () => {
    const file = join(dir, 'quote.yaml');
    writeFileSync(file, `${head}policy:\n  rules:\n    - match: a\n      decision: keep\n`);
    const odd = `${TUI_REASON} (account #1: "prod", [x])`;
    save(file, [{ match: 'arn:aws:s3:::b/', decision: 'drop', reason: odd }, { match: 'true', decision: 'drop' }]);
    expect(parse(readFileSync(file, 'utf8')).policy.rules.slice(1)).toEqual([
      { match: 'arn:aws:s3:::b/', decision: 'drop', reason: odd },
      { match: 'true', decision: 'drop', reason: TUI_REASON },
    ]);
  });
});

describe('unusual layouts', () => {
  it('fills an empty `rules:` or `policy:` in place', () => {
    const a = join(dir, 'null-rules.yaml');
    writeFileSync(a, `${head}policy:\n  rules: ~ # later\n  default: log\n`);
    save(a, [{ match: 'acme-cdn-logs', decision: 'drop' }]);
    expect(readFileSync(a, 'utf8')).toBe(`${head}policy:\n  rules: # later\n    - match: acme-cdn-logs\n      decision: drop\n      reason: ${TUI_REASON}\n  default: log\n`);
    const b = join(dir, 'null-policy.yaml');
    writeFileSync(b, `${head}policy:\nvariants: []\n`);
    save(b, [{ match: 'acme-cdn-logs', decision: 'drop' }]);
    expect(readFileSync(b, 'utf8')).toBe(`${head}policy:\n  rules:\n    - match: acme-cdn-logs\n      decision: drop\n      reason: ${TUI_REASON}\nvariants: []\n`);
  });

  it('adds rules to a flow policy map on its line', () => {
    const file = join(dir, 'flow-policy.yaml');
    writeFileSync(file, `${head}policy: { default: log } # short\nvariants: []\n`);
    save(file, [{ match: 'acme-cdn-logs', decision: 'drop' }]);
    const out = readFileSync(file, 'utf8');
    expect(out).toBe(`${head}policy: { default: log, rules: [{ match: acme-cdn-logs, decision: drop, reason: ${TUI_REASON} }] } # short\nvariants: []\n`);
  });

  it('changes a decision written as an alias or a block scalar, and only it', () => {
    const file = join(dir, 'odd-decisions.yaml');
    const text = `${head}policy:\n  rules:\n    - { match: a, decision: &k keep }\n    - match: b\n      decision: *k\n    - match: c\n      decision: >-\n        keep\n      reason: folded\n`;
    writeFileSync(file, text);
    save(file, [{ match: 'b', decision: 'drop' }, { match: 'c', decision: 'keep-writes' }]);
    const out = readFileSync(file, 'utf8');
    expect(out).toBe(text.replace('decision: *k', 'decision: drop').replace('decision: >-\n        keep\n', 'decision: keep-writes\n'));
    expect(parse(out).policy.rules.map((r: { decision: string }) => r.decision)).toEqual(['keep', 'drop', 'keep-writes']);
  });

  it('refuses to change a rule that is an alias of another, but removes a TUI rule written as one', () => {
    const file = join(dir, 'alias-item.yaml');
    const text = `${head}variants:\n  - name: v\n    policy:\n      rules:\n        - &pii { match: acme-pii-vault, decision: keep }\n        - &tui { match: acme-cdn-logs, decision: drop, reason: ${TUI_REASON} }\npolicy:\n  rules:\n    - *pii\n    - *tui\n`;
    writeFileSync(file, text);
    expect(() => save(file, [{ match: 'acme-pii-vault', decision: 'drop' }])).toThrow(/alias-item\.yaml:12: .*alias \*pii/);
    expect(readFileSync(file, 'utf8')).toBe(text);
    save(file, [], ['acme-cdn-logs']);
    expect(readFileSync(file, 'utf8')).toBe(text.replace('    - *tui\n', ''));
  });

  it('writes nothing when the spliced text would not read back as the merge', () => {
    // The TUI rule is the anchor another key uses: removing it would leave that alias dangling.
    const file = join(dir, 'dangling.yaml');
    const text = `${head}policy:\n  rules:\n    - &t { match: acme-cdn-logs, decision: drop, reason: ${TUI_REASON} }\nvariants:\n  - name: v\n    policy: { rules: [*t] }\n`;
    writeFileSync(file, text);
    expect(() => save(file, [], ['acme-cdn-logs'])).toThrow(/nothing was written/);
    expect(readFileSync(file, 'utf8')).toBe(text);
  });

  it('does not touch the file when nothing changes', () => {
    const file = join(dir, 'same.yaml');
    const text = `${head}policy:\n  rules: [{ match: acme-cdn-logs, decision: drop }]\n`;
    writeFileSync(file, text);
    save(file, [{ match: 'arn:aws:s3:::acme-cdn-logs/', decision: 'drop' }], ['acme-pii-vault']);
    expect(readFileSync(file, 'utf8')).toBe(text);
  });
});
