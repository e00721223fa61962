import { describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { runCli as cli } from '../selectors/run-cli.js';
import { expectGolden } from '../support/golden.js';



describe('trailcost optimize on the demo (subprocess, golden)', () => {
  const formats: Array<[string, string]> = [['json', 'optimize-demo.json'], ['terraform', 'optimize-demo.tf'], ['cloudformation', 'optimize-demo.cfn.yaml'], ['telemetry-rule', 'optimize-demo.telemetry-rule.cfn.yaml']];
  it.each(formats)('--format %s', (format, file) => {
    const r = cli(['optimize', '--format', format]);
    expect(r.code).toBe(0);
    expectGolden(file, r.stdout);
    if (format === 'json') expect(Array.isArray(JSON.parse(r.stdout))).toBe(true);
    if (format === 'cloudformation') expect(parse(r.stdout.replace(/^#.*$/gm, '')).AdvancedEventSelectors.length).toBeGreaterThan(1);
  });

  it('prints the summary on stderr', () => {
    const r = cli(['optimize']);
    expectGolden('optimize-demo-summary.txt', r.stderr);
    expect(r.stderr).toContain('all hold');
    expect(r.stderr).toMatch(/keep 100%/);
  });

  it('--json gives the summary as data', () => {
    const r = cli(['optimize', '--json']);
    expect(r.code).toBe(0);
    const data = JSON.parse(r.stdout);
    const t = data.trails[0];
    expect(t.trail).toBe('data-trail');
    expect(t.status).toBe('optimized');
    expect(t.proof.ok).toBe(true);
    expect(t.coverage.keep.share).toBe(1);
    expect(t.cost.usdAfter.high).toBeLessThan(t.cost.usdBefore.low);
    expect(t.values.used).toBeLessThanOrEqual(500);
    expect(t.compliance.find((c: { tool: string; access: string }) => c.tool === 'prowler' && c.access === 'read').after).toBe(true);
  });

  it('--out writes atomically and refuses to overwrite without --force', () => {
    const dir = mkdtempSync(join(tmpdir(), 'trailcost-opt-'));
    const out = join(dir, 'sel.json');
    const r1 = cli(['optimize', '--out', out]);
    expect(r1.code).toBe(0);
    expect(r1.stdout).toBe('');
    const first = readFileSync(out, 'utf8');
    expect(JSON.parse(first).length).toBeGreaterThan(1);
    const r2 = cli(['optimize', '--out', out, '--format', 'terraform']);
    expect(r2.code).toBe(2);
    expect(r2.stderr).toContain('exists: pass --force');
    expect(readFileSync(out, 'utf8')).toBe(first);
    const r3 = cli(['optimize', '--out', out, '--format', 'terraform', '--force']);
    expect(r3.code).toBe(0);
    expect(readFileSync(out, 'utf8')).toContain('advanced_event_selector');
    expect(readdirSync(dir)).toEqual(['sel.json']);
  });

  it('an unsatisfiable budget exits 1 with the report and writes nothing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'trailcost-opt-'));
    const out = join(dir, 'sel.json');
    const r = cli(['optimize', '--max-values', '8', '--out', out]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/needs at least \d+ values/);
    expect(r.stderr).toContain('policy not met — nothing written');
    expect(existsSync(out)).toBe(false);
  });

  it('bad usage exits 2', () => {
    expect(cli(['optimize', '--max-values', '0']).code).toBe(2);
    const r = cli(['optimize', '--trail', 'nope']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no trail "nope"');
  });
});
