/** `trailcost diff`, and `lint` / `match` on Terraform inputs, as subprocesses: outputs and exit codes 0 / 1 / 2. */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixture, runCli } from '../selectors/run-cli.js';

const NARROW = fixture('terraform', 'plan-narrow-data-trail.json');
const DROP = fixture('terraform', 'plan-drop-pii-vault.json');
const tmp = () => mkdtempSync(join(tmpdir(), 'trailcost-diff-'));

describe('trailcost diff --plan', () => {
  it('a narrowing plan: the PR comment gives the monthly delta; no coverage lost, so --fail-on-coverage-loss exits 0', () => {
    const r = runCli(['diff', '--plan', NARROW, '--format', 'github-comment', '--fail-on-coverage-loss']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const md = r.stdout;
    // Dollars escaped: GitHub would read "$2,752.44–$2,769.31" as inline math.
    expect(md.startsWith('<!-- trailcost-diff -->\n### trailcost: CloudTrail cost -\\$569.60…-\\$552.72 per month\n')).toBe(true);
    // data-trail logs 5 buckets without metrics on both sides: known parts, marked +? (and explained below).
    expect(md).toContain('**\\$3,322.03 +? → \\$2,752.44–\\$2,769.31 +?** (-\\$569.60…-\\$552.72) for 1 trail · ✅ no sensitive coverage lost');
    expect(md).toContain('| data-trail \\(aws\\_cloudtrail.data\\) | \\$3,322.03 +? | \\$2,752.44–\\$2,769.31 +? | -\\$569.60…-\\$552.72 | 927.5M +? → 380.5M–396.7M +? | 35 stop, 1 start | keep rules hold |');
    expect(md).toContain('+? = the known part only');
    expect(md).toContain('<summary>Stops being logged (35) — allowed by the policy</summary>');
    // The unchanged org-trail is not listed; the bucket is not a trail.
    expect(md).not.toContain('org-trail');
  });

  it('dropping acme-pii-vault: the comment names the coverage lost, and --fail-on-coverage-loss exits 1', () => {
    const r = runCli(['diff', '--plan', DROP, '--format', 'github-comment', '--fail-on-coverage-loss']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('❌ **sensitive coverage is lost**');
    expect(r.stdout).toContain('**❌ Keep rules broken** — these stop being logged although the policy keeps them:');
    expect(r.stdout).toContain('- acme-pii-vault/: reads (GetObject, HeadObject, ListObjects), writes (PutObject, DeleteObject, DeleteObjects)');
    expect(r.stdout).toMatch(/\| ❌ keep broken: 3 resources \|$/m);
    // Without the flag the same comment is printed and the exit code is 0.
    const noFlag = runCli(['diff', '--plan', DROP, '--format', 'github-comment']);
    expect(noFlag.code).toBe(0);
    expect(noFlag.stdout).toBe(r.stdout);
  });

  it('--json: schemaVersion 1, per trail before/after/delta, coverage and the broken keep rules', () => {
    const r = runCli(['diff', '--plan', DROP, '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as {
      schemaVersion: number;
      coverageLoss: boolean;
      trails: Array<{ trail: string; address: string; cost: { delta: { low: number; high: number } }; policy: { broken: Array<{ label: string; code: string }> }; coverage: { stops: unknown[] } }>;
      skipped: unknown[];
    };
    expect(j.schemaVersion).toBe(1);
    expect(j.coverageLoss).toBe(true);
    expect(j.trails).toHaveLength(1);
    expect(j.trails[0]).toMatchObject({ trail: 'data-trail', address: 'aws_cloudtrail.data' });
    expect(j.trails[0].cost.delta.high).toBeLessThan(0);
    expect(j.trails[0].policy.broken).toContainEqual(expect.objectContaining({ label: 'acme-pii-vault/', code: 'keep-not-logged' }));
    expect(j.skipped).toEqual([]);
  });

  it('exit 2 on bad input: the file, line:col and JSON path of a bad value; a file that is no plan', () => {
    const dir = tmp();
    const plan = JSON.parse(readFileSync(NARROW, 'utf8')) as { resource_changes: Array<{ change: { after: { advanced_event_selector: Array<{ field_selector: Array<Record<string, unknown>> }> } } }> };
    plan.resource_changes[0].change.after.advanced_event_selector[1].field_selector[0].starts_with = ['arn:aws:s3:::x/', 7];
    const bad = join(dir, 'plan.json');
    writeFileSync(bad, JSON.stringify(plan, null, 2));
    const r = runCli(['diff', '--plan', bad]);
    expect(r.code).toBe(2);
    const line = readFileSync(bad, 'utf8').split('\n').findIndex((l) => /^\s+7$/.test(l)) + 1;
    expect(r.stderr).toBe(`trailcost: ${bad}:${line}:21: expected a string (at $.resource_changes[0].change.after.advanced_event_selector[1].field_selector[0].starts_with[1])\n`);
    const notPlan = runCli(['diff', '--plan', fixture('selectors', 'basic.json')]);
    expect(notPlan.code).toBe(2);
    expect(notPlan.stderr).toMatch(/basic\.json: not a Terraform plan in JSON/);
    expect(runCli(['diff', '--plan', NARROW, '--after', 'current']).code).toBe(2);
  });
});

describe('trailcost diff --before/--after', () => {
  it('agrees with optimize: the optimized set\'s cost after and savings, to the cent', () => {
    const dir = tmp();
    const sel = join(dir, 'sel.json');
    expect(runCli(['optimize', '--out', sel]).code).toBe(0);
    const opt = JSON.parse(runCli(['optimize', '--json']).stdout) as { trails: Array<{ cost: { usdAfter: { low: number; high: number }; savings: { low: number; high: number } } }> };
    const r = runCli(['diff', '--trail', 'data-trail', '--after', sel, '--json', '--fail-on-coverage-loss']);
    expect(r.code).toBe(0);
    const t = (JSON.parse(r.stdout) as { trails: Array<{ source: unknown; cost: { after: { low: number; high: number }; delta: { low: number; high: number } } }> }).trails[0];
    const cents = (x: number) => Math.round(x * 100);
    expect(t.source).toEqual({ before: 'current', after: sel });
    expect([cents(t.cost.after.low), cents(t.cost.after.high)]).toEqual([cents(opt.trails[0].cost.usdAfter.low), cents(opt.trails[0].cost.usdAfter.high)]);
    expect([cents(-t.cost.delta.high), cents(-t.cost.delta.low)]).toEqual([cents(opt.trails[0].cost.savings.low), cents(opt.trails[0].cost.savings.high)]);
  });

  it('a .tf file naming its trail, against a variant; the table is the default output', () => {
    const dir = tmp();
    const tf = join(dir, 'main.tf');
    writeFileSync(
      tf,
      `resource "aws_cloudtrail" "data" {
  name           = "data-trail"
  s3_bucket_name = aws_s3_bucket.logs.id

  advanced_event_selector {
    name = "Management events"
    field_selector {
      field  = "eventCategory"
      equals = ["Management"]
    }
  }
}
`,
    );
    const r = runCli(['diff', '--before', 'variant:writes-only-outside-pii', '--after', tf, '--wide']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^trailcost diff — acme-demo\n/);
    expect(r.stdout).toMatch(/^data-trail +\$[\d,.–$]+( \+\?)? +\$[\d,.–$]+( \+\?)? +-\$/m);
    expect(r.stdout).toContain(`compared: variant writes-only-outside-pii → ${tf}`);
    expect(r.stdout).toContain('- PII — all access');
    expect(r.stdout).toContain('KEEP RULES BROKEN');
    // Between two sides of the scenario itself, every trail they set apart is compared.
    const both = runCli(['diff', '--before', 'current', '--after', 'variant:writes-only-outside-pii', '--json']);
    expect((JSON.parse(both.stdout) as { trails: Array<{ trail: string }> }).trails.map((t) => t.trail)).toEqual(['data-trail']);
  });

  it('exit 2: no --after, a file without a trail and no --trail, an unknown variant', () => {
    expect(runCli(['diff']).stderr).toMatch(/diff needs --after/);
    const which = runCli(['diff', '--after', fixture('selectors', 'basic.json')]);
    expect(which.code).toBe(2);
    expect(which.stderr).toMatch(/which trail\? pass --trail NAME \(trails in .*demo\.yaml: org-trail, data-trail, security-trail\)/);
    const v = runCli(['diff', '--after', 'variant:nope']);
    expect(v.code).toBe(2);
    expect(v.stderr).toMatch(/no variant "nope" \(variants: writes-only-outside-pii, /);
  });
});

describe('lint and match read Terraform', () => {
  it('lint: a .tf resource; errors in .tf at file:line:col; a plan of several trails lists their addresses', () => {
    const dir = tmp();
    const tf = join(dir, 'trail.tf');
    writeFileSync(
      tf,
      'resource "aws_cloudtrail" "t" {\n  s3_bucket_name = "logs"\n  advanced_event_selector {\n    field_selector {\n      field  = "eventCategory"\n      equals = ["Data"]\n    }\n    field_selector {\n      field  = "resources.type"\n      equals = ["AWS::S3::Object"]\n    }\n  }\n}\n',
    );
    const r = runCli(['lint', tf, '--json']);
    expect(r.code).toBe(0);
    // The trail's own bucket comes from s3_bucket_name: the set logs its own deliveries.
    expect((JSON.parse(r.stdout) as { findings: Array<{ rule: string; path: string }> }).findings.map((f) => [f.rule, f.path])).toEqual([
      ['TC-SEL-109', '$[0]'],
      ['TC-SEL-111', '$'],
    ]);
    writeFileSync(tf, 'resource "aws_cloudtrail" "t" {\n  advanced_event_selector {\n    name = "pii-${var.env}"\n  }\n}\n');
    const bad = runCli(['lint', tf]);
    expect(bad.code).toBe(2);
    expect(bad.stderr.startsWith(`trailcost: ${tf}:3:17: name: an interpolation (\${…}) is computed by Terraform`)).toBe(true);
    const several = runCli(['lint', NARROW]);
    expect(several.code).toBe(2);
    expect(several.stderr).toContain('2 aws_cloudtrail resources: aws_cloudtrail.data, aws_cloudtrail.org');
  });

  it('match: the selectors of a one-trail plan decide which records are logged', () => {
    const dir = tmp();
    const plan = JSON.parse(readFileSync(NARROW, 'utf8')) as { resource_changes: Array<{ address: string }> };
    plan.resource_changes = plan.resource_changes.filter((rc) => rc.address === 'aws_cloudtrail.data');
    const one = join(dir, 'plan.json');
    writeFileSync(one, JSON.stringify(plan));
    const r = runCli(['match', '--selectors', one, fixture('records', 'mixed.json'), '--json']);
    expect(r.code).toBe(0);
    const rows = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { logged: boolean });
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.some((x) => x.logged)).toBe(true);
  });
});

describe('the command line', () => {
  it('--help lists diff', () => {
    const r = runCli(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^\s+diff \[options\]\s+the monthly cost and coverage change/m);
  });
});
