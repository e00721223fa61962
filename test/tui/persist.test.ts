import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { exportFileName, saveRules, TUI_REASON, writeExport } from '../../src/tui/persist.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'trailcost-tui-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const scenario = `# The demo organization.
name: demo
inventory:
  accounts: [{ id: "111111111111" }]
policy:
  default: log
  rules:
    # Customer data: always logged.
    - match: arn:aws:s3:::pii-vault/customers/
      decision: keep
      reason: PII
variants: [] # none yet
`;

describe('saving decisions into the scenario', () => {
  it('updates matching rules, appends new ones and keeps every comment', () => {
    const file = join(dir, 'demo.yaml');
    writeFileSync(file, scenario);
    const out = saveRules({ kind: 'scenario', file, name: 'demo' }, [
      { match: 'arn:aws:s3:::pii-vault/customers/', decision: 'keep-writes' },
      { match: 'arn:aws:s3:::etl-scratch/', decision: 'drop' },
    ]);
    expect(out).toBe(file);
    const text = readFileSync(file, 'utf8');
    expect(text).toContain('# The demo organization.');
    expect(text).toContain('# Customer data: always logged.');
    expect(text).toContain('# none yet');
    const doc = parse(text);
    expect(doc.policy.rules).toEqual([
      { match: 'arn:aws:s3:::pii-vault/customers/', decision: 'keep-writes', reason: 'PII' },
      { match: 'arn:aws:s3:::etl-scratch/', decision: 'drop', reason: TUI_REASON },
    ]);
    expect(readdirSync(dir)).toEqual(['demo.yaml']); // no temp file left behind
  });

  it('treats a bare bucket name and its ARN prefix as the same rule', () => {
    const file = join(dir, 'demo.yaml');
    writeFileSync(file, scenario.replace('variants: []', 'variants: []\n').replace('      reason: PII\n', '      reason: PII\n    - { match: acme-cdn-logs, decision: drop }\n'));
    saveRules({ kind: 'scenario', file, name: 'demo' }, [{ match: 'arn:aws:s3:::acme-cdn-logs/', decision: 'keep' }]);
    const doc = parse(readFileSync(file, 'utf8'));
    expect(doc.policy.rules.slice(1)).toEqual([{ match: 'acme-cdn-logs', decision: 'keep' }]);
  });

  it('removes only rules it wrote itself when a decision goes back to auto', () => {
    const file = join(dir, 'demo.yaml');
    writeFileSync(file, scenario);
    saveRules({ kind: 'scenario', file, name: 'demo' }, [{ match: 'arn:aws:s3:::etl-scratch/', decision: 'drop' }]);
    saveRules({ kind: 'scenario', file, name: 'demo' }, [], ['arn:aws:s3:::etl-scratch/', 'arn:aws:s3:::pii-vault/customers/']);
    const doc = parse(readFileSync(file, 'utf8'));
    expect(doc.policy.rules.map((r: { match: string }) => r.match)).toEqual(['arn:aws:s3:::pii-vault/customers/']);
  });

  it('creates the policy when the scenario has none', () => {
    const file = join(dir, 'bare.yaml');
    writeFileSync(file, '# bare\nname: bare\ninventory:\n  accounts: [{ id: "111111111111" }]\n');
    saveRules({ kind: 'scenario', file, name: 'bare' }, [{ match: 'arn:aws:s3:::x/', decision: 'drop' }]);
    const text = readFileSync(file, 'utf8');
    expect(text.startsWith('# bare')).toBe(true);
    expect(parse(text).policy.rules).toEqual([{ match: 'arn:aws:s3:::x/', decision: 'drop', reason: TUI_REASON }]);
  });

  it('writes a scenario next to a snapshot that points at it', () => {
    const snap = join(dir, 'org.json');
    writeFileSync(snap, '{}');
    const out = saveRules({ kind: 'snapshot', file: snap, name: 'org' }, [{ match: 'arn:aws:s3:::x/', decision: 'drop' }]);
    expect(out).toBe(join(dir, 'org.scenario.yaml'));
    const doc = parse(readFileSync(out, 'utf8'));
    expect(doc.snapshot).toBe('org.json');
    expect(doc.policy.rules[0].decision).toBe('drop');
  });

  it('refuses a scenario that is not valid YAML, naming file and line, and leaves it untouched', () => {
    const file = join(dir, 'bad.yaml');
    writeFileSync(file, 'name: [unclosed\n');
    expect(() => saveRules({ kind: 'scenario', file, name: 'bad' }, [{ match: 'a', decision: 'drop' }])).toThrow(/bad\.yaml:\d+:\d+/);
    expect(readFileSync(file, 'utf8')).toBe('name: [unclosed\n');
  });
});

describe('exporting selectors', () => {
  it('writes atomically with a per-format name', () => {
    const p = writeExport(dir, 'org trail/1', 'terraform', 'x = 1');
    expect(p).toBe(join(dir, 'org_trail_1.selectors.tf'));
    expect(readFileSync(p, 'utf8')).toBe('x = 1\n');
    expect(exportFileName('t', 'json')).toBe('t.selectors.json');
    expect(exportFileName('t', 'cloudformation')).toBe('t.selectors.cfn.yaml');
  });
});
