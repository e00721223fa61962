import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { exitCodes, UsageError } from '../../errors.js';
import { intFlag } from '../flags.js';
import { loadInput, variantInput } from '../../app/load-input.js';
import { writeFileAtomic } from '../../io/atomic-write.js';
import { droppedNodes, propose } from '../../app/proposal.js';
import { exportFileName, renderSelectors, SELECTOR_FORMATS, telemetryRuleExclusions, type SelectorFormat } from '../../selectors/formats.js';
import { terminalSafe } from '../../report/terminal-text.js';
import { governedTrails } from '../../model/governance.js';
import { formatSummary, summarize, type SummaryTrail } from '../../report/optimize.js';
import { optimizeJson } from '../../report/json.js';
import { chosenFormat, outputOption, type Output } from '../output-option.js';
import { MAX_ADVANCED_VALUES } from '../../selectors/count.js';
import { lintSelectors } from '../../selectors/lint.js';

interface OptimizeCliOptions {
  scenario?: string;
  snapshot?: string;
  variant?: string;
  trail?: string;
  maxValues?: string;
  format: SelectorFormat;
  out?: string;
  outDir?: string;
  all?: boolean;
  force?: boolean;
  json?: boolean;
  output?: Output;
  dropDuplicateManagement?: boolean;
}

export function register(program: Command): void {
  program
    .command('optimize')
    .description('selectors per trail that log what the policy keeps, drop the noise, fit the value budget at least cost — checked with the selector engine')
    .option('--scenario <file>', 'a scenario YAML with a policy (default: the bundled demo)')
    .option('--snapshot <file>', 'a snapshot JSON (needs a policy: use a scenario that names it)')
    .option('--variant <name>', "apply one of the scenario's variants first")
    .option('--trail <name-or-arn>', 'the trail to optimize, by name or ARN (default: the trails the policy governs)')
    .option('--max-values <n>', `value budget of the whole selector set (AWS allows ${MAX_ADVANCED_VALUES})`)
    .addOption(new Option('--format <format>', 'selector file format').choices(SELECTOR_FORMATS as string[]).default('json'))
    .option('--out <file>', 'write the selector file here (atomically) instead of stdout')
    .option('--all', 'every trail the policy governs, each to its own file in --out-dir')
    .option('--out-dir <dir>', 'with --all: the folder for the files (<trail>.selectors.json, .tf, .cfn.yaml, as the TUI names them)')
    .option('--force', 'overwrite --out (or the files in --out-dir) if they exist')
    .option('--drop-duplicate-management', "leave the trail's management-event selector out where other logging trails provably log the same management events for every account and Region it covers (checked with the selector engine; otherwise the summary says why it stays)")
    .option('--json', 'print the summary as JSON on stdout (selectors included; schema/optimize.schema.json); the selector file goes to --out only')
    .addOption(outputOption())
    .addHelpText(
      'after',
      `
The summary (cost before/after, values, coverage, what stops being logged, compliance) goes to stderr.
Exit codes: 0 ok; 1 the policy cannot be met (report on stderr, nothing written); 2 bad usage or input.

Examples:
  $ trailcost optimize > selectors.json                  # the demo's governed trail
  $ aws cloudtrail put-event-selectors --trail-name data-trail --advanced-event-selectors file://selectors.json
  $ trailcost optimize --scenario my.yaml --trail main --max-values 250 --format terraform --out cloudtrail.tf
  $ trailcost optimize --format telemetry-rule --out rule.cfn.yaml   # CloudWatch ingestion without a trail
  $ trailcost optimize --trail arn:aws:cloudtrail:us-east-1:111111111111:trail/data-trail --out selectors.json
  $ trailcost optimize --scenario org.yaml --all --out-dir selectors/ --format terraform
  $ trailcost optimize --json | jq '.trails[0].cost'
  $ trailcost optimize --drop-duplicate-management --out selectors.json   # no paid management copies on data-trail`,
    )
    .action(async (opts: OptimizeCliOptions) => {
      // --format here is the selector file's: only --json and --output choose between summary JSON and the file.
      const json = chosenFormat({ json: opts.json, output: opts.output }) === 'json';
      const maxValues = opts.maxValues === undefined ? MAX_ADVANCED_VALUES : intFlag('max-values', opts.maxValues, 1, MAX_ADVANCED_VALUES);
      const out = opts.out ? resolve(opts.out) : null;
      if (out && existsSync(out) && !opts.force) throw new UsageError(`${opts.out} exists: pass --force to overwrite it`);
      if (opts.all && (opts.trail || opts.out)) throw new UsageError('--all writes every governed trail into --out-dir: leave out --trail and --out');
      if (Boolean(opts.all) !== (opts.outDir !== undefined)) throw new UsageError('--all and --out-dir go together: every governed trail, each to its own file in the folder');
      let input = await loadInput({ scenario: opts.scenario, snapshot: opts.snapshot });
      if (opts.variant) input = variantInput(input, opts.variant);
      const policy = input.policy;
      if (!policy) throw new UsageError(`${input.file}: no policy — optimize needs a scenario with a \`policy:\` (what to keep, what to drop)`);

      const names = input.trails.map((t) => t.name);
      let trails: string[];
      if (opts.trail) {
        // By name or by ARN (what `aws cloudtrail describe-trails` and a Terraform state show).
        const named = input.trails.find((t) => t.name === opts.trail) ?? input.trails.find((t) => t.arn === opts.trail);
        if (!named) throw new UsageError(terminalSafe(`no trail "${opts.trail}" in ${input.file} (trails: ${names.join(', ') || 'none'}; --trail takes a name or an ARN)`));
        trails = [named.name];
      } else {
        // The same governed trails estimate and the TUI use (model/governance).
        const g = governedTrails(policy, input.trails);
        const stores = new Set(input.snapshot.eventDataStores.map((e) => e.name));
        const edsNamed = g.unknown.filter((n) => stores.has(n));
        if (edsNamed.length > 0) {
          throw new UsageError(terminalSafe(`${input.file}${input.variant ? ` (variant ${input.variant})` : ''}: policy.trails names ${edsNamed.map((n) => `"${n}"`).join(', ')}, a CloudTrail Lake event data store: optimize writes selectors for trails only (an event data store's selectors are not optimized yet; estimate and compare price it). Name a trail with --trail, or drop the store from policy.trails`));
        }
        if (g.unknown.length > 0) throw new UsageError(terminalSafe(`${input.file}: policy.trails names ${g.unknown.map((n) => `"${n}"`).join(', ')}, not a trail of the scenario (trails: ${names.join(', ')})`));
        trails = g.trails;
      }
      if (trails.length === 0) throw new UsageError(`${input.file}: no trail logs S3, Lambda or DynamoDB data events; name one with --trail`);
      if (trails.length > 1 && !json && !opts.all) {
        throw new UsageError(terminalSafe(`the policy governs ${trails.length} trails (${trails.join(', ')}): a selector file is per trail, pick one with --trail, or write them all with --all --out-dir DIR`));
      }

      // One proposal: the optimizer's sets, evaluated by the estimator exactly as `estimate` evaluates them.
      const proposal = propose(input, { maxValues, trails, dropDuplicateManagement: opts.dropDuplicateManagement });
      const est = proposal.estimator;
      const summaries: SummaryTrail[] = proposal.optimized.map((p) => {
        const now = proposal.result.trails.find((t) => t.name === p.trail)!;
        const next = proposal.evaluation?.trails.get(p.trail);
        return summarize(p, now, next?.estimate ?? now, next?.savings ?? { usd: { low: 0, high: 0 }, dataEvents: { low: 0, high: 0 } }, droppedNodes(input, est, proposal, p.trail));
      });
      for (const s of summaries) process.stderr.write(formatSummary(s));
      const failed = summaries.filter((s) => s.status !== 'optimized' && s.status !== 'no-data-events');
      if (json) {
        process.stdout.write(`${JSON.stringify(optimizeJson({ scenario: input.name, variant: input.variant, maxValues, trails: summaries }), null, 2)}\n`);
      }
      if (failed.length > 0) {
        process.stderr.write(`trailcost: ${terminalSafe(failed.map((s) => s.trail).join(', '))}: policy not met — nothing written\n`);
        process.exitCode = exitCodes.findings;
        return;
      }
      if (opts.all) {
        writeAll(summaries, opts.format, resolve(opts.outDir!), Boolean(opts.force));
      } else if (trails.length === 1) {
        const s = summaries[0];
        const text = renderSelectors(s.selectors, opts.format, { trailName: s.trail });
        warnAbout(s, opts.format);
        if (out) {
          writeFileAtomic(out, text);
          process.stderr.write(`wrote ${terminalSafe(opts.out!)} (${opts.format}, ${s.values.used} values)\n`);
        } else if (!json) {
          process.stdout.write(text);
        }
      } else if (out) {
        throw new UsageError('--out takes one trail: pick it with --trail');
      }
    });
}

/**
 * `--all`: each governed trail's file in `dir`. Every target is checked before the first is written, so a refusal
 * (a file exists without --force) leaves the folder as it was; each file is written atomically.
 */
function writeAll(summaries: readonly SummaryTrail[], format: SelectorFormat, dir: string, force: boolean): void {
  const files = summaries.map((s) => ({ s, path: join(dir, exportFileName(s.trail, format)) }));
  const names = files.map((f) => f.path);
  if (new Set(names).size !== names.length) throw new UsageError('two trails map to the same file name in --out-dir: optimize them one at a time with --trail');
  const existing = files.filter((f) => existsSync(f.path));
  if (existing.length > 0 && !force) throw new UsageError(terminalSafe(`${existing.map((f) => f.path).join(', ')} exist${existing.length === 1 ? 's' : ''}: pass --force to overwrite`));
  mkdirSync(dir, { recursive: true });
  for (const { s, path } of files) {
    if (s.status === 'no-data-events') {
      process.stderr.write(`skipped ${terminalSafe(s.trail)}: it logs no S3, Lambda or DynamoDB data events\n`);
      continue;
    }
    warnAbout(s, format);
    writeFileAtomic(path, renderSelectors(s.selectors, format, { trailName: s.trail }));
    process.stderr.write(`wrote ${terminalSafe(path)} (${format}, ${s.values.used} values)\n`);
  }
}

/** What a reader of the file must know before using it: fields older Terraform providers reject, telemetry-rule limits. */
function warnAbout(s: SummaryTrail, format: SelectorFormat): void {
  if (format === 'terraform') {
    // Older aws providers reject some fields (eventType): say so before someone pastes this in.
    for (const f of lintSelectors(s.selectors, { terraform: true }).findings.filter((x) => x.rule === 'TC-SEL-108')) {
      process.stderr.write(`warning: ${terminalSafe(`${f.rule} ${f.path}: ${f.message}`)}\n`);
    }
  }
  if (format === 'telemetry-rule') {
    for (const l of telemetryRuleExclusions(s.selectors)) {
      process.stderr.write(`warning: selector "${terminalSafe(l.name)}" (${terminalSafe(l.category)} events) is left out of the telemetry rule: telemetry rules take management and data events only — keep a trail for them\n`);
    }
    process.stderr.write('note: a telemetry rule is priced per GB ingested into CloudWatch Logs, not per event; a scenario variant with `telemetryRule: true` prices it (trailcost compare)\n');
  }
}
