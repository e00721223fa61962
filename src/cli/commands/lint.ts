import type { Command } from 'commander';
import { exitCodes } from '../../errors.js';
import { readSelectorsFile } from '../read-selectors.js';
import { lintNormalized, LINT_RULES, type LintResult } from '../../selectors/lint.js';
import { terminalSafe } from '../../report/terminal-text.js';

interface LintCliOptions {
  json?: boolean;
  trailBucket?: string;
  eventDataStore?: boolean;
  terraform?: boolean;
  rules?: boolean;
}

/**
 * Left-aligned columns, the last one unpadded. Cells are terminal-safe before they are measured: paths and
 * messages quote selector Names and values from the file.
 */
function table(raw: string[][]): string {
  const rows = raw.map((r) => r.map(terminalSafe));
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  return rows.map((r) => r.map((cell, c) => (c === r.length - 1 ? cell : cell.padEnd(widths[c]))).join('  ').trimEnd()).join('\n');
}

export function formatLintReport(file: string, r: LintResult): string {
  const errors = r.findings.filter((f) => f.severity === 'error').length;
  const warnings = r.findings.length - errors;
  const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? '' : 's'}`;
  const what = r.kind === 'basic' ? `${r.values} of ${r.limit} data resource values (basic selectors)` : `${r.values} of ${r.limit} values`;
  const summary = `${terminalSafe(file)}: ${r.valid ? 'valid' : 'invalid'}, ${what}; ${plural(errors, 'error')}, ${plural(warnings, 'warning')}`;
  if (r.findings.length === 0) return `${summary}\n`;
  const rows = [['SEVERITY', 'RULE', 'PATH', 'MESSAGE'], ...r.findings.map((f) => [f.severity, f.rule, f.path, f.message])];
  return `${table(rows)}\n\n${summary}\n`;
}

export function register(program: Command): void {
  program
    .command('lint')
    .argument('[file]', 'selectors: a bare AdvancedEventSelectors array, a GetEventSelectors response (advanced or basic), a trail object, or a CloudFormation YAML fragment')
    .description("check event selectors against AWS's rules and known pitfalls (exit 1 on errors)")
    .option('--json', 'print {"valid", "values", "findings": [{"rule", "severity", "path", "message"}]}')
    .option('--trail-bucket <name>', "the trail's destination bucket: warn when the selectors log its own log deliveries")
    .option('--event-data-store', 'the selectors are for a CloudTrail Lake event data store (5 selectors max, more categories)')
    .option('--terraform', 'warn about fields older Terraform AWS providers reject')
    .option('--rules', 'list every rule id with its one-line explanation')
    .addHelpText(
      'after',
      `
Examples:
  $ aws cloudtrail get-event-selectors --trail-name main > selectors.json
  $ trailcost lint selectors.json --trail-bucket my-cloudtrail-logs
  $ trailcost lint selectors.json --json | jq '.findings[] | select(.severity == "error")'
  $ trailcost lint --rules`,
    )
    .action(async (file: string | undefined, opts: LintCliOptions) => {
      if (opts.rules) {
        const rows = [['RULE', 'SEVERITY', 'WHAT IT MEANS'], ...LINT_RULES.map((r) => [r.id, r.severity, r.summary])];
        process.stdout.write(`${table(rows)}\n`);
        return;
      }
      if (!file) {
        program.commands.find((c) => c.name() === 'lint')!.error('error: missing required argument \'file\'', { exitCode: exitCodes.usage });
      }
      // Not a selector set at all: bad input (exit 2), not a lint finding.
      const norm = await readSelectorsFile(file!);
      const result = lintNormalized(norm, {
        trailBucket: opts.trailBucket,
        target: opts.eventDataStore ? 'eventDataStore' : 'trail',
        terraform: opts.terraform,
      });
      if (opts.json) {
        const { valid, values, limit, kind, findings } = result;
        process.stdout.write(`${JSON.stringify({ valid, values, limit, kind, findings }, null, 2)}\n`);
      } else {
        process.stdout.write(formatLintReport(file!, result));
      }
      if (!result.valid) process.exitCode = exitCodes.findings;
    });
}
