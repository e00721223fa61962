/** `trailcost init` as a subprocess: files, --force, stdout, bad input (exit 2), and the output runs estimate and optimize. */
import { describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { root, runCli } from '../selectors/run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'trailcost-init-'));
const DEMO_SNAPSHOT = join(root, 'scenarios', 'demo.snapshot.json');

describe('trailcost init (subprocess)', () => {
  it('writes the demo\'s scenario, refuses to overwrite it without --force, and estimate and optimize run on it', () => {
    // Inside the checkout: the snapshot is named relative to the scenario.
    const sub = mkdtempSync(join(root, 'test', 'init', '.out-'));
    try {
      checkDemo(join(sub, 'demo-init.yaml'));
    } finally {
      rmSync(sub, { recursive: true, force: true });
    }
  }, 120_000);

  function checkDemo(out: string): void {
    const r = runCli(['init', '--out', out]);
    expect(r.stderr).toMatch(/^wrote .*demo-init\.yaml: 7 keep and \d+ drop suggestion\(s\) to review; snapshot .*demo\.snapshot\.json\n$/);
    expect(r.code).toBe(0);
    const text = readFileSync(out, 'utf8');
    expect((parse(text) as { snapshot: string }).snapshot).toBe('../../../scenarios/demo.snapshot.json');

    const again = runCli(['init', '--out', out]);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/demo-init\.yaml exists: pass --force to overwrite it/);
    expect(readFileSync(out, 'utf8')).toBe(text);
    writeFileSync(out, 'old');
    expect(runCli(['init', '--out', out, '--force']).code).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe(text);

    const est = runCli(['estimate', '--scenario', out, '--json']);
    expect(est.stderr).toBe('');
    expect(est.code).toBe(0);
    const e = JSON.parse(est.stdout) as { trails: Array<{ name: string }> };
    expect(e.trails.map((t) => t.name).sort()).toEqual(['data-trail', 'org-trail', 'security-trail']);
    const opt = runCli(['optimize', '--scenario', out, '--trail', 'data-trail']);
    expect(opt.code).toBe(0);
    const selectors = JSON.parse(opt.stdout) as Array<{ FieldSelectors: Array<{ Field: string; NotStartsWith?: string[] }> }>;
    const excluded = selectors.flatMap((s) => s.FieldSelectors.flatMap((f) => f.NotStartsWith ?? []));
    // The suggested drops reach the selectors: the trail's own bucket and the log buckets are no longer logged.
    expect(excluded).toEqual(expect.arrayContaining(['arn:aws:s3:::acme-org-cloudtrail/', 'arn:aws:s3:::acme-elb-logs/']));
    expect(opt.stderr).toMatch(/proof .*all hold/);
  }

  it('"-" or no --out: stdout, naming the snapshot by its absolute path', () => {
    const r = runCli(['init', '--snapshot', DEMO_SNAPSHOT, '--out', '-']);
    expect(r.code).toBe(0);
    expect((parse(r.stdout) as { snapshot: string }).snapshot).toBe(DEMO_SNAPSHOT);
    expect(r.stdout).toMatch(/^# Written by `trailcost init`/);
    expect(r.stderr).toMatch(/^wrote the scenario: /);
  }, 60_000);

  it('bad input and bad usage: exit 2 with the file and position, nothing written', () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{"version": 1,\n "generatedAt": 5}\n');
    const r1 = runCli(['init', '--snapshot', bad, '--out', join(dir, 'x.yaml')]);
    expect(r1.code).toBe(2);
    expect(r1.stderr).toMatch(/bad\.json:2:\d+/);
    expect(() => statSync(join(dir, 'x.yaml'))).toThrow();

    const r2 = runCli(['init', '--snapshot', join(root, 'scenarios', 'demo.yaml')]);
    expect(r2.code).toBe(2);
    expect(r2.stderr).toMatch(/is a scenario, not a snapshot/);

    mkdirSync(join(dir, 'adir'));
    const r3 = runCli(['init', '--out', join(dir, 'adir'), '--force']);
    expect(r3.code).toBe(2);
    expect(r3.stderr).toMatch(/is a directory/);

    const r4 = runCli(['init', '--out', join(dir, 'missing', 'x.yaml')]);
    expect(r4.code).toBe(2);
    expect(r4.stderr).toMatch(/does not exist or is not writable/);
  }, 60_000);

  it('a snapshot whose names and tags hold escape sequences and line breaks: nothing raw reaches the file or the terminal', () => {
    const snap = JSON.parse(readFileSync(DEMO_SNAPSHOT, 'utf8')) as { buckets: Array<Record<string, unknown>>; trails: Array<Record<string, unknown>> };
    snap.buckets[0] = { ...snap.buckets[0], tags: [{ key: 'DataClassification', value: 'PII\u001b]52;c;ZXZpbA==\u0007\n- match: evil' }] };
    snap.buckets.push({ ...snap.buckets[1], name: 'x-\u001b[2J-pii\u202e' });
    snap.trails[0] = { ...snap.trails[0], name: 'org-trail\r\npolicy: {}' };
    const file = join(dir, 'nasty.snapshot.json');
    writeFileSync(file, JSON.stringify(snap));
    const out = join(dir, 'nasty.yaml');
    const r = runCli(['init', '--snapshot', file, '--out', out]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/1 more listed as comments/);
    expect(r.stderr).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f\u202e]/);
    const text = readFileSync(out, 'utf8');
    expect(text).toMatch(/^[\x20-\x7e\n]*$/);
    expect(text).toContain('\\x1b]52;c;ZXZpbA==\\x07\\x0a- match: evil');
    expect(parse(text)).toMatchObject({ snapshot: 'nasty.snapshot.json', trails: [] });
    const est = runCli(['estimate', '--scenario', out]);
    expect(est.code).toBe(0);
  }, 60_000);

  it('--help shows what is suggested and examples', () => {
    const r = runCli(['init', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Usage: trailcost init \[options\]/);
    expect(r.stdout).toContain('--snapshot <file>');
    expect(r.stdout).toContain('--force');
    expect(r.stdout).toMatch(/Examples:\n {2}\$ trailcost scan --out snapshot\.json && trailcost init/);
    expect(runCli(['--help']).stdout).toMatch(/\n {2}init \[options\] +write a scenario from a snapshot/);
  }, 60_000);
});
