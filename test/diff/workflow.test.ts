/**
 * The GitHub Actions example cannot rot: its trailcost command lines are taken from the workflow file and run here,
 * the plan fixture standing in for plan.json and the demo for the organization's scenario.
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { fixture, root, runCli } from '../selectors/run-cli.js';

const WORKFLOW = join(root, 'examples', 'github-actions', 'trailcost-diff.yml');

interface Step {
  name?: string;
  run?: string;
  uses?: string;
  if?: string;
  'working-directory'?: string;
}

function steps(): Step[] {
  const wf = parse(readFileSync(WORKFLOW, 'utf8')) as { on: unknown; jobs: Record<string, { steps: Step[] }> };
  expect(wf.on).toHaveProperty('pull_request');
  return Object.values(wf.jobs).flatMap((j) => j.steps);
}

/** A shell line split into words (quotes honoured), and the file its stdout is redirected to. */
function shellWords(line: string): { words: string[]; stdout: string | null } {
  const words: string[] = [];
  let stdout: string | null = null;
  const re = /\s*(?:'([^']*)'|"((?:\\.|[^"\\])*)"|(>)|([^\s'">]+))/gy;
  let redirect = false;
  for (let m = re.exec(line); m !== null && m[0] !== ''; m = re.exec(line)) {
    if (m[3]) {
      redirect = true;
      continue;
    }
    const w = m[1] ?? m[2]?.replace(/\\(.)/g, '$1') ?? m[4];
    if (redirect) {
      stdout = w;
      redirect = false;
    } else {
      words.push(w);
    }
  }
  return { words, stdout };
}

/** Every `npx trailcost …` line of the workflow's run scripts. */
function trailcostLines(): Array<{ step: Step; line: string }> {
  return steps().flatMap((step) =>
    (step.run ?? '')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => /^npx (--yes )?trailcost\b/.test(l))
      .map((line) => ({ step, line })),
  );
}

describe('examples/github-actions/trailcost-diff.yml', () => {
  it('plans, shows the plan as JSON, runs trailcost on it, comments with its output and fails on coverage loss', () => {
    const all = steps();
    const scripts = all.map((s) => s.run ?? '').join('\n');
    const plan = scripts.indexOf('terraform plan -input=false -out plan.out');
    const show = scripts.indexOf('terraform show -json plan.out > plan.json');
    const diff = scripts.indexOf('npx trailcost diff --plan plan.json');
    const comment = scripts.indexOf('gh pr comment "$PR" --edit-last --body-file comment.md');
    expect(plan).toBeGreaterThanOrEqual(0);
    expect(show).toBeGreaterThan(plan);
    expect(diff).toBeGreaterThan(show);
    expect(comment).toBeGreaterThan(diff);
    // The setup-terraform wrapper would print its own lines into plan.json.
    expect(all.find((s) => s.uses?.startsWith('hashicorp/setup-terraform'))).toMatchObject({ with: { terraform_wrapper: false } });
    expect(all.some((s) => s.if === "steps.diff.outputs.status == '1'" && /exit 1/.test(s.run ?? ''))).toBe(true);
  });

  it.each([
    ['plan-narrow-data-trail.json', 0, '✅ no sensitive coverage lost'],
    ['plan-drop-pii-vault.json', 1, '❌ **sensitive coverage is lost**'],
  ])('its trailcost lines run here on %s: exit %i, a comment in the file gh posts', (planFixture, code, verdict) => {
    const lines = trailcostLines();
    expect(lines).toHaveLength(1);
    const dir = mkdtempSync(join(tmpdir(), 'trailcost-workflow-'));
    for (const { line } of lines) {
      expect(line).not.toMatch(/\$\{\{/);
      const { words, stdout } = shellWords(line);
      const args = words.slice(words.indexOf('trailcost') + 1).map((w) => {
        if (w === 'plan.json') return fixture('terraform', planFixture);
        if (/\.ya?ml$/.test(w)) return join(root, 'scenarios', 'demo.yaml');
        return w;
      });
      expect(args.slice(0, 3)).toEqual(['diff', '--plan', fixture('terraform', planFixture)]);
      const r = runCli(args);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(code);
      expect(stdout).toBe('comment.md');
      writeFileSync(join(dir, stdout!), r.stdout);
      const md = readFileSync(join(dir, 'comment.md'), 'utf8');
      expect(md.startsWith('<!-- trailcost-diff -->\n### trailcost: CloudTrail cost -\\$')).toBe(true);
      expect(md).toContain(verdict);
    }
  });
});
