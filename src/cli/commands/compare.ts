import { Option, type Command } from 'commander';
import { UsageError } from '../../errors.js';
import { loadInput } from '../../app/load-input.js';
import { compareVariants } from '../../estimate/compare.js';
import { compareReport } from '../../report/compare.js';
import { compareJson } from '../../report/json.js';
import { chosenFormat, outputOption, type Output } from '../output-option.js';
import { printerFor, tableWidth, type Format } from '../../report/printers.js';
import { InputError } from '../../scenario/input.js';

interface CompareCliOptions {
  scenario?: string;
  pricing?: string;
  variant?: string[];
  json?: boolean;
  output?: Output;
  format?: Format;
  wide?: boolean;
}

export function register(program: Command): void {
  program
    .command('compare')
    .description("the scenario's baseline and every variant side by side: cost by destination, events, sensitive coverage, delta")
    .option('--scenario <file>', 'a scenario YAML with variants (default: the bundled demo)')
    .option('--variant <name...>', 'only these variants')
    .option('--pricing <file>', 'a price book JSON (default: the bundled pricing/prices.json)')
    .option('--json', 'rows and the full estimate of each variant as JSON (schema/compare.schema.json)')
    .addOption(outputOption())
    .option('--wide', 'every column of the table, unwrapped (default: fit the terminal, or 100 columns when piped)')
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'markdown', 'csv', 'json']))
    .addHelpText(
      'after',
      `
Examples:
  $ trailcost compare                                   # the demo's variants
  $ trailcost compare --scenario scenarios/lake-vs-athena.yaml --format markdown
  $ trailcost compare --variant move-to-lake traffic-doubles
  $ trailcost compare --json | jq '.rows[] | {name, usd, deltaUsd, unknownParts}'
  $ trailcost compare --format csv > variants.csv        # one row per variant: usd_low, usd_high, delta_usd_low, ...

Exit codes: 0 ok; 2 bad usage or bad input (the message names the file with line:col and the JSON path).`,
    )
    .action(async (opts: CompareCliOptions) => {
      const format: Format = chosenFormat(opts) ?? 'table';
      const input = await loadInput({ scenario: opts.scenario, pricing: opts.pricing });
      if (!input.scenario) throw new UsageError('compare needs a scenario');
      for (const v of opts.variant ?? []) {
        if (!input.variants.some((x) => x.name === v)) {
          throw new UsageError(`${input.file}: no variant "${v}" (the scenario has: ${input.variants.map((x) => x.name).join(', ') || 'none'})`);
        }
      }
      let result;
      try {
        result = compareVariants(input, opts.variant);
      } catch (err) {
        if (err instanceof InputError) throw new UsageError(err.message);
        throw err;
      }
      const data = format === 'json' ? compareJson(result) : null;
      process.stdout.write(printerFor(format).print(compareReport(result, format === 'csv'), data, { width: tableWidth({ wide: opts.wide, isTTY: process.stdout.isTTY, columns: process.stdout.columns }) }));
    });
}
