/**
 * `trailcost diff`: the cost and coverage change between two selector sets of a trail (files, the trail's current
 * selectors, a variant's), or of every `aws_cloudtrail` a Terraform plan changes. Wiring only: the sides are read
 * here, compared by optimize/diff.ts (as `apply` compares them), printed by report/diff.ts.
 */
import { Option, type Command } from 'commander';
import { exitCodes, UsageError } from '../../errors.js';
import { loadInput, variantInput, type LoadedInput } from '../../app/load-input.js';
import { compareSelectorSets, diffTrails, type DiffRequest, type DiffResult, type DiffSide } from '../../optimize/diff.js';
import type { Trail } from '../../model/snapshot.js';
import { printerFor, tableWidth } from '../../report/printers.js';
import { diffJson, diffMarkdown, diffReport } from '../../report/diff.js';
import { lintNormalized } from '../../selectors/lint.js';
import type { NormalizedSelectors } from '../../selectors/normalize.js';
import type { SelectorSet } from '../../selectors/types.js';
import { terminalSafe } from '../../report/terminal-text.js';
import { readSelectorsFile, readStructuredInput } from '../read-selectors.js';
import { isTerraformJson, readPlannedTrails } from '../read-terraform.js';
import type { PlannedTrail } from '../../selectors/terraform-plan.js';
import { chosenFormat, outputOption, type Output } from '../output-option.js';

type DiffFormat = 'table' | 'json' | 'markdown' | 'github-comment';

interface DiffCliOptions {
  before?: string;
  after?: string;
  plan?: string;
  trail?: string;
  scenario?: string;
  snapshot?: string;
  pricing?: string;
  json?: boolean;
  output?: Output;
  format?: DiffFormat;
  wide?: boolean;
  failOnCoverageLoss?: boolean;
}

/** What `--before` / `--after` name: the trail's selectors in the input, in one of its variants, or in a file. */
type SideSpec = { kind: 'current' } | { kind: 'variant'; name: string; input: LoadedInput } | { kind: 'file'; file: string; norm: NormalizedSelectors };

async function readSide(spec: string, input: LoadedInput): Promise<SideSpec> {
  if (spec === 'current') return { kind: 'current' };
  if (spec.startsWith('variant:')) {
    const name = spec.slice('variant:'.length);
    if (!input.variants.some((v) => v.name === name)) {
      throw new UsageError(`${input.file}: no variant "${name}" (variants: ${input.variants.map((v) => v.name).join(', ') || 'none'})`);
    }
    return { kind: 'variant', name, input: variantInput(input, name) };
  }
  const norm = await readSelectorsFile(spec);
  // Elements that are not selectors at all are bad input, as for `match` (lint errors of a set are reported).
  const shape = lintNormalized(norm).findings.find((f) => f.rule === 'TC-SEL-001');
  if (shape) throw new UsageError(terminalSafe(`${spec}: ${shape.path}: ${shape.message}`));
  return { kind: 'file', file: spec, norm };
}

function sideFor(spec: SideSpec, trail: Trail): DiffSide {
  switch (spec.kind) {
    case 'current':
      return { set: trail.selectors as SelectorSet, source: 'current' };
    case 'variant': {
      const t = spec.input.trails.find((x) => x.name === trail.name);
      if (!t) throw new UsageError(`variant "${spec.name}" has no trail "${trail.name}" (it removes it): nothing to compare`);
      return { set: t.selectors as SelectorSet, source: `variant ${spec.name}` };
    }
    case 'file':
      return { set: spec.norm.set, source: spec.file };
  }
}

function findTrail(input: LoadedInput, nameOrArn: string): Trail | undefined {
  return input.trails.find((t) => t.name === nameOrArn || t.arn === nameOrArn);
}

function trailList(input: LoadedInput): string {
  return input.trails.map((t) => t.name).join(', ') || 'none';
}

/**
 * Unchanged as apply and diffTrail judge it (optimize/diff.ts compareSelectorSets): order does not count, a Name or
 * basic ↔ advanced does. So a plan that only lists the same selectors in another order (Terraform's field_selector
 * is a set, shown in hash order) is no change, and a rename is one: it is what `terraform apply` would write.
 */
export function sameSelectors(a: SelectorSet, b: SelectorSet): boolean {
  return !compareSelectorSets(a, b).changed;
}

/** The trails two sides are compared on: `--trail`, the trail a file names, or every trail the sides set apart. */
export function trailsFor(input: LoadedInput, before: SideSpec, after: SideSpec, trail?: string): Trail[] {
  if (trail) {
    const t = findTrail(input, trail);
    if (!t) throw new UsageError(`no trail "${trail}" in ${input.file} (trails: ${trailList(input)})`);
    return [t];
  }
  const named = [before, after].flatMap((s) => (s.kind === 'file' && s.norm.trail.name ? [{ file: s.file, name: s.norm.trail.name }] : []));
  const found = named.map((n) => ({ ...n, trail: findTrail(input, n.name) ?? findTrail(input, n.name.replace(/^arn:.*:trail\//, '')) }));
  const trails = [...new Set(found.flatMap((f) => (f.trail ? [f.trail] : [])))];
  if (trails.length > 1) throw new UsageError(`the files name different trails (${trails.map((t) => t.name).join(', ')}): pass --trail NAME`);
  if (trails.length === 1) return trails;
  if (before.kind !== 'file' && after.kind !== 'file') {
    const differ = input.trails.filter((t) => !sameSelectors(sideFor(before, t).set, sideFor(after, t).set));
    return differ;
  }
  const hint = found.length > 0 ? ` (${found.map((f) => `${f.file} names "${f.name}", which is not a trail there`).join('; ')})` : '';
  throw new UsageError(`which trail? pass --trail NAME (trails in ${input.file}: ${trailList(input)})${hint}`);
}

async function fromSides(input: LoadedInput, opts: DiffCliOptions): Promise<DiffResult> {
  if (!opts.after) throw new UsageError('diff needs --after (and --before, default current) or --plan PLAN.json');
  const before = await readSide(opts.before ?? 'current', input);
  const after = await readSide(opts.after, input);
  const requests: DiffRequest[] = trailsFor(input, before, after, opts.trail).map((trail) => ({ trail, before: sideFor(before, trail), after: sideFor(after, trail) }));
  return diffTrails(input, requests);
}

async function fromPlan(input: LoadedInput, file: string, opts: DiffCliOptions): Promise<DiffResult> {
  const tf = await readStructuredInput(file);
  if (!isTerraformJson(tf)) throw new UsageError(`${file}: not a Terraform plan in JSON (expected resource_changes: terraform show -json plan.out > plan.json)`);
  const { requests, skipped } = planRequests(input, file, await readPlannedTrails(file, tf), opts.trail);
  return diffTrails(input, requests, skipped);
}

/** The plan's changes to price: each aws_cloudtrail whose selectors change, matched to the input's trail. */
export function planRequests(input: LoadedInput, file: string, planned: readonly PlannedTrail[], only?: string): { requests: DiffRequest[]; skipped: DiffResult['skipped'] } {
  const requests: DiffRequest[] = [];
  const skipped: DiffResult['skipped'] = [];
  for (const p of planned) {
    if (only && p.address !== only && p.name !== only && p.arn !== only) continue;
    const trail = (p.arn ? findTrail(input, p.arn) : undefined) ?? (p.name ? findTrail(input, p.name) : undefined);
    const label = { address: p.address, trail: p.name ?? null };
    if (p.afterUnknown) {
      skipped.push({ ...label, reason: 'its selectors are known only after apply (computed values)' });
    } else if (!p.before || !p.after) {
      skipped.push({ ...label, reason: p.before ? 'the plan deletes this trail' : 'the plan creates this trail: it is not in the input, so it cannot be priced' });
    } else if (sameSelectors(p.before.set, p.after.set)) {
      continue;
    } else if (!trail) {
      skipped.push({ ...label, reason: `no trail named "${p.name ?? '?'}" in ${input.file} (trails: ${trailList(input)})` });
    } else {
      const notes: string[] = [];
      if (p.actions.includes('delete') && p.actions.includes('create')) notes.push('the plan replaces this trail (delete, then create)');
      if (!sameSelectors(p.before.set, trail.selectors as SelectorSet)) {
        notes.push(`the plan's before differs from this trail's selectors in ${input.name}: the diff starts from the plan's before (Terraform state)`);
      }
      requests.push({ trail, address: p.address, before: { set: p.before.set, source: 'plan: before' }, after: { set: p.after.set, source: 'plan: after' }, notes });
    }
  }
  if (only && requests.length === 0 && skipped.length === 0 && !planned.some((p) => [p.address, p.name, p.arn].includes(only))) {
    throw new UsageError(`${file}: no aws_cloudtrail "${only}" in the plan (found: ${planned.map((p) => p.address).join(', ') || 'none'})`);
  }
  const seen = new Set<string>();
  for (const r of requests) {
    if (seen.has(r.trail.name)) throw new UsageError(`${file}: two aws_cloudtrail resources are the trail "${r.trail.name}": pass --trail ADDRESS`);
    seen.add(r.trail.name);
  }
  return { requests, skipped };
}

export function register(program: Command): void {
  program
    .command('diff')
    .description('the monthly cost and coverage change between two selector sets of a trail, or of every aws_cloudtrail a Terraform plan changes')
    .option('--before <side>', 'FILE (any selector file lint reads: JSON, YAML, CloudFormation, .tf), "current" (the trail in the scenario), or "variant:NAME"', 'current')
    .option('--after <side>', 'FILE, "current" or "variant:NAME" (the selectors only: the variant\'s other changes are not applied)')
    .option('--plan <file>', 'a Terraform plan as JSON (terraform show -json plan.out): every aws_cloudtrail whose selectors change, matched to the input\'s trails by name or ARN')
    .option('--trail <name>', 'the trail, by name or ARN (with --plan: also a resource address)')
    .option('--scenario <file>', 'the scenario to price on, with its policy (default: the bundled demo)')
    .option('--snapshot <file>', 'a snapshot to price on instead (no policy: any coverage lost counts)')
    .option('--pricing <file>', 'a price book JSON (default: the bundled pricing/prices.json)')
    .option('--json', 'the full comparison as JSON (schema/diff.schema.json; unknown volumes are null)')
    .addOption(outputOption())
    .addOption(new Option('--format <format>', 'output format (github-comment: Markdown for a pull request comment)').choices(['table', 'json', 'markdown', 'github-comment']))
    .option('--wide', 'every column of the table, unwrapped')
    .option('--fail-on-coverage-loss', 'exit 1 when sensitive coverage drops: with a policy governing the trail, a keep or keep-writes rule breaks; without one, anything stops being logged; and management events switched off')
    .addHelpText(
      'after',
      `
Costs are the model's (the same estimator and savings as estimate, optimize and apply): the before side is
installed on the trail, the after side evaluated against it.

Examples:
  $ trailcost diff --trail data-trail --after selectors.json                  # from the trail's current selectors
  $ trailcost diff --before current --after variant:writes-only-outside-pii
  $ trailcost diff --before old.tf --after new.tf --scenario org.yaml
  $ terraform plan -out plan.out && terraform show -json plan.out > plan.json
  $ trailcost diff --plan plan.json --scenario org.yaml --format github-comment --fail-on-coverage-loss > comment.md

Exit codes: 0 compared (no coverage loss, or --fail-on-coverage-loss not given); 1 --fail-on-coverage-loss and
sensitive coverage drops; 2 bad usage or input (the message names the file with line:col or the JSON path).`,
    )
    .action(async (opts: DiffCliOptions) => {
      const format: DiffFormat = chosenFormat(opts) ?? 'table';
      if (opts.plan && (opts.after || (opts.before && opts.before !== 'current'))) throw new UsageError('give --plan, or --before/--after, not both');
      const input = await loadInput({ scenario: opts.scenario, snapshot: opts.snapshot, pricing: opts.pricing });
      const result = opts.plan ? await fromPlan(input, opts.plan, opts) : await fromSides(input, opts);
      const name = input.name;
      let text: string;
      if (format === 'json') text = `${JSON.stringify(diffJson(result, input), null, 2)}\n`;
      else if (format === 'markdown' || format === 'github-comment') text = diffMarkdown(result, name, { comment: format === 'github-comment' });
      else text = printerFor('table').print(diffReport(result, name), result, { width: tableWidth({ wide: opts.wide, isTTY: process.stdout.isTTY, columns: process.stdout.columns }), everyColumn: '--wide, --format markdown or --json' });
      process.stdout.write(text);
      if (opts.failOnCoverageLoss && result.coverageLoss) process.exitCode = exitCodes.findings;
    });
}
