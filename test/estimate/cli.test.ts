import { describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { root } from './helpers.js';

const env = { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', NO_COLOR: '1' };
const cli = (args: string[]) => spawnSync(process.execPath, [`${root}bin/trailcost.js`, ...args], { env, encoding: 'utf8', cwd: root });

describe('trailcost estimate / compare (subprocess)', () => {
  it('estimate --json prints the full breakdown', () => {
    const out = execFileSync(process.execPath, [`${root}bin/trailcost.js`, 'estimate', '--json', '--by', 'region'], { env, encoding: 'utf8', cwd: root });
    const data = JSON.parse(out);
    expect(data.trails.map((t: { name: string }) => t.name)).toEqual(['org-trail', 'data-trail', 'security-trail']);
    expect(data.breakdown.by).toBe('region');
    expect(data.total.usd.low).toBeGreaterThan(0);
  });
  it('a bad scenario exits 2 with every problem at file:line:col', () => {
    const dir = mkdtempSync(join(tmpdir(), 'trailcost-'));
    const f = join(dir, 'bad.yaml');
    writeFileSync(f, 'name: x\ninventory:\n  accounts: [{ id: "1" }]\n  buckets: [{ account: "2", region: x, name: b-one }]\n');
    const r = cli(['estimate', '--scenario', f]);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`${f}:3:20: expected a 12-digit AWS account id (at inventory.accounts[0].id)`);
    expect(r.stderr).toContain(`${f}:4:37: expected an AWS Region code such as us-east-1 (at inventory.buckets[0].region)`);
  });
  it('compare of an unknown variant exits 2 naming the variants', () => {
    const r = cli(['compare', '--variant', 'nope']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/no variant "nope" \(the scenario has: writes-only-outside-pii, move-to-lake/);
  });
  it('--json and --format together is a usage error', () => {
    const r = cli(['estimate', '--json', '--format', 'csv']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('give --json or --format, not both');
  });
  it('piped, the table fits 100 columns and names what it left out; --wide prints every column', () => {
    const narrow = cli(['estimate']);
    expect(narrow.status).toBe(0);
    expect(Math.max(...narrow.stdout.split('\n').map((l) => [...l].length))).toBeLessThanOrEqual(100);
    expect(narrow.stdout).toContain('Left out to fit 100 columns: Scope, Mgmt ev/mo, CloudTrail, S3, CW Logs, Athena');
    const wide = cli(['estimate', '--wide']);
    expect(wide.status).toBe(0);
    expect(wide.stdout).not.toContain('Left out to fit');
    expect(wide.stdout).toMatch(/Mgmt ev\/mo +Paid mgmt +CloudTrail +S3 +CW Logs +Athena +Total\/mo/);
  });
  it('a snapshot of another version, or a scenario given as a snapshot: one line, exit 2', () => {
    const dir = mkdtempSync(join(tmpdir(), 'trailcost-'));
    const f = join(dir, 'v2.json');
    writeFileSync(f, '{"version": 2, "generatedAt": "2026-01-01T00:00:00Z"}');
    const r = cli(['estimate', '--snapshot', f]);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(`trailcost: ${f}:1:13: snapshot version 2 is not supported (this trailcost reads version 1)\n`);
    const s = cli(['estimate', '--snapshot', 'scenarios/demo.yaml']);
    expect(s.status).toBe(2);
    expect(s.stderr).toMatch(/demo\.yaml is a scenario, not a snapshot/);
  });
});
