/** Issue 16, habits: --output json|table, --trail by ARN, `sample --out -`, and the root help's global options. */
import { describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli, expectShippedSchema, fixture } from './helpers.js';

describe('--output json|table (the AWS CLI spelling) where --json exists', () => {
  it('--output json is --json; --output table is the table', () => {
    const a = cli(['lint', fixture('selectors', 'invalid.json'), '--output', 'json']);
    const b = cli(['lint', fixture('selectors', 'invalid.json'), '--json']);
    expect(a.code).toBe(1);
    expect(a.stdout).toBe(b.stdout);
    const t = cli(['lint', fixture('selectors', 'invalid.json'), '--output', 'table']);
    expect(t.stdout).toMatch(/^SEVERITY\s+RULE/);
    const m = cli(['match', '--selectors', fixture('selectors', 's3-pitfalls.json'), fixture('records', 'mixed.json'), '--output', 'json']);
    expect(m.code).toBe(0);
    expect(JSON.parse(m.stdout.split('\n')[0])).toMatchObject({ schemaVersion: 1, logged: true });
    const e = cli(['estimate', '--output', 'json', '--by', 'account']);
    expect(e.code, e.stderr).toBe(0);
    expect(JSON.parse(e.stdout)).toMatchObject({ schemaVersion: 1, breakdown: { by: 'account' } });
    const plan = fixture('terraform', 'plan-narrow-data-trail.json');
    const d = cli(['diff', '--plan', plan, '--output', 'json']);
    expect(d.code, d.stderr).toBe(0);
    expect(d.stdout).toBe(cli(['diff', '--plan', plan, '--json']).stdout);
    expect(JSON.parse(d.stdout)).toMatchObject({ schemaVersion: 1 });
    expect(cli(['diff', '--plan', plan, '--output', 'table']).stdout).toMatch(/^trailcost diff — acme-demo\n/);
  });

  it('contradicting switches are bad usage; unknown values are refused', () => {
    for (const args of [
      ['estimate', '--output', 'table', '--json'],
      ['estimate', '--output', 'json', '--format', 'csv'],
      ['compare', '--output', 'yaml'],
      ['lint', fixture('selectors', 'invalid.json'), '--output', 'table', '--format', 'sarif'],
      ['diff', '--plan', fixture('terraform', 'plan-narrow-data-trail.json'), '--output', 'json', '--format', 'github-comment'],
    ]) {
      const r = cli(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stdout).toBe('');
    }
  });
});

describe('optimize --trail takes a name or an ARN', () => {
  it('the ARN selects the same trail as its name', () => {
    const byName = cli(['optimize', '--trail', 'data-trail']);
    const byArn = cli(['optimize', '--trail', 'arn:aws:cloudtrail:us-east-1:444444444444:trail/data-trail']);
    expect(byArn.code, byArn.stderr).toBe(0);
    expect(byArn.stdout).toBe(byName.stdout);
    const none = cli(['optimize', '--trail', 'arn:aws:cloudtrail:us-east-1:444444444444:trail/nope']);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('--trail takes a name or an ARN');
  });
});

describe('sample --out -', () => {
  it('writes the snapshot to stdout, never to a file named "-"', () => {
    const dir = mkdtempSync(join(tmpdir(), 'trailcost-sample-out-'));
    try {
      const r = cli(['sample', fixture('records', 'mixed.json'), '--no-progress', '--out', '-'], dir);
      expect(r.code, r.stderr).toBe(0);
      expect(JSON.parse(r.stdout)).toMatchObject({ version: 1, source: { tool: 'trailcost sample' } });
      expectShippedSchema('snapshot', JSON.parse(r.stdout));
      expect(existsSync(join(dir, '-'))).toBe(false);
      expect(readdirSync(dir)).toEqual([]);
      expect(r.stderr).toContain('data events');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('trailcost --help', () => {
  it("lists the interactive view's options (the default command's)", () => {
    const r = cli(['--help']);
    expect(r.code).toBe(0);
    for (const flag of ['--scenario <file>', '--snapshot <file>', '--out-dir <dir>']) expect(r.stdout).toContain(flag);
  });
});
