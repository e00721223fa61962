import { Option, type Command } from 'commander';
import { UsageError } from '../../errors.js';
import { loadInput } from '../../app/load-input.js';
import { propose } from '../../app/proposal.js';
import { breakdown } from '../../estimate/breakdown.js';
import { GROUP_BYS, type GroupBy } from '../../estimate/types.js';
import { estimateReport } from '../../report/estimate.js';
import { estimateJson } from '../../report/json.js';
import { FORMATS, printerFor, tableWidth, type Format } from '../../report/printers.js';
import { chosenFormat, outputOption, type Output } from '../output-option.js';

interface EstimateCliOptions {
  scenario?: string;
  pricing?: string;
  snapshot?: string;
  variant?: string;
  by: GroupBy;
  json?: boolean;
  output?: Output;
  format?: Format;
  wide?: boolean;
  top: string;
}

export function register(program: Command): void {
  program
    .command('estimate')
    .description('what each trail costs per month — per trail, account, Region, resource, prefix or event class — modeled vs billed')
    .option('--scenario <file>', 'a scenario YAML (default: the bundled demo)')
    .option('--snapshot <file>', 'a snapshot JSON written by `trailcost scan`')
    .option('--variant <name>', "apply one of the scenario's variants")
    .option('--pricing <file>', 'a price book JSON (default: the bundled pricing/prices.json)')
    .addOption(new Option('--by <slice>', 'break data events down by').choices(GROUP_BYS as string[]).default('trail'))
    .option('--json', 'the full breakdown as JSON (schema/estimate.schema.json)')
    .addOption(outputOption())
    .option('--wide', 'every column of the table, unwrapped (default: fit the terminal, or 100 columns when piped)')
    .addOption(new Option('--format <format>', 'output format').choices(FORMATS as string[]))
    .option('--top <n>', 'rows the table shows for resource/prefix/event slices (0 = all; CSV and --json carry every row)', '40')
    .addHelpText(
      'after',
      `
Examples:
  $ trailcost estimate                                  # the bundled demo organization
  $ trailcost estimate --scenario scenarios/small-startup.yaml --by resource
  $ trailcost estimate --snapshot snapshot.json --by prefix --format csv > prefixes.csv
  $ trailcost estimate --variant move-to-lake --format markdown
  $ trailcost estimate --wide                           # every column (default: fit the terminal, 100 when piped)
  $ trailcost estimate --json | jq '.trails[] | {name, usd, unknownParts}'
  $ trailcost estimate --format csv > trails.csv           # one tidy table: usd_low, usd_high, unknown_parts, ...

--json and --format csv never print an unknown volume as 0: JSON has null, CSV an empty cell, and every sum of
known parts says how many parts of unknown volume it leaves out (unknownParts, unknown_parts).

Exit codes: 0 ok; 2 bad usage or bad input (the message names the file with line:col and the JSON path).`,
    )
    .action(async (opts: EstimateCliOptions) => {
      const top = Number(opts.top);
      if (!Number.isInteger(top) || top < 0) throw new UsageError(`--top must be a whole number ≥ 0 (got "${opts.top}")`);
      const format: Format = chosenFormat(opts) ?? 'table';
      const input = await loadInput({ scenario: opts.scenario, snapshot: opts.snapshot, variant: opts.variant, pricing: opts.pricing });
      // "Proposed" is the estimate of the selectors `optimize` would write (one answer for every command).
      const { estimator: est, result, evaluation } = propose(input);
      const slices = opts.by === 'trail' ? undefined : breakdown(est, opts.by);
      // Unknown-volume classes each governed trail still logs with the proposal: what its proposed figures leave out.
      const proposedUnknown = new Map([...(evaluation?.trails ?? [])].map(([name, p]) => [name, p.estimate.unknown.classes]));
      const doc = estimateReport(result, { by: opts.by, top, raw: format === 'csv', compact: format === 'table' && !opts.wide, proposedUnknown }, slices);
      const data = format === 'json' ? estimateJson(result, { proposedUnknown, breakdown: opts.by === 'trail' ? undefined : { by: opts.by, rows: slices! } }) : null;
      process.stdout.write(printerFor(format).print(doc, data, { width: tableWidth({ wide: opts.wide, isTTY: process.stdout.isTTY, columns: process.stdout.columns }) }));
    });
}
