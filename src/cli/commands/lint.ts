import { Option, type Command } from 'commander';
import { isAbsolute, relative, sep } from 'node:path';
import { exitCodes, UsageError } from '../../errors.js';
import { readSelectorsFile } from '../read-selectors.js';
import { isGzip, readInputBytes } from '../../io/read-input.js';
import { isRuleId, lintNormalized, LINT_RULES, withoutRules, type LintResult, type RuleId } from '../../selectors/lint.js';
import { terminalSafe } from '../../report/terminal-text.js';
import { lintJson } from '../../report/json.js';
import { githubCommands, locator, sarifLog, type Position } from '../../report/lint-output.js';
import { chosenFormat, outputOption, type Output } from '../output-option.js';

const LINT_FORMATS = ['table', 'json', 'sarif', 'github'] as const;
type LintFormat = (typeof LINT_FORMATS)[number];

interface LintCliOptions {
  json?: boolean;
  output?: Output;
  format?: LintFormat;
  ignore?: string[];
  trailBucket?: string;
  eventDataStore?: boolean;
  terraform?: boolean;
  rules?: boolean;
}

/** `--ignore A --ignore B,C`: every id, in the order given. */
const collectIds = (v: string, prev: string[] = []): string[] => [...prev, ...v.split(',').map((x) => x.trim()).filter((x) => x !== '')];

/** The rule ids of --ignore, each checked: an id that names no rule is a typo that would hide nothing (exit 2). */
function ignoredRules(ids: readonly string[]): Set<RuleId> {
  const out = new Set<RuleId>();
  for (const raw of ids) {
    const id = raw.toUpperCase();
    if (!isRuleId(id)) throw new UsageError(terminalSafe(`--ignore ${raw}: no such rule (trailcost lint --rules lists them, e.g. TC-SEL-101)`));
    out.add(id);
  }
  return out;
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

/** `file: valid, N of 500 values; E errors, W warnings[, I ignored (--ignore)]`. */
export function lintSummary(file: string, r: LintResult, ignored = 0): string {
  const errors = r.findings.filter((f) => f.severity === 'error').length;
  const warnings = r.findings.length - errors;
  const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? '' : 's'}`;
  const what = r.kind === 'basic' ? `${r.values} of ${r.limit} data resource values (basic selectors)` : `${r.values} of ${r.limit} values`;
  return `${terminalSafe(file)}: ${r.valid ? 'valid' : 'invalid'}, ${what}; ${plural(errors, 'error')}, ${plural(warnings, 'warning')}${ignored > 0 ? `, ${ignored} ignored (--ignore)` : ''}`;
}

export function formatLintReport(file: string, r: LintResult, ignored = 0): string {
  const summary = lintSummary(file, r, ignored);
  if (r.findings.length === 0) return `${summary}\n`;
  const rows = [['SEVERITY', 'RULE', 'PATH', 'MESSAGE'], ...r.findings.map((f) => [f.severity, f.rule, f.path, f.message])];
  return `${table(rows)}\n\n${summary}\n`;
}

/** The file as a SARIF artifact URI: relative to the working directory when inside it, `/`-separated, encoded. */
function artifactUri(file: string): string {
  const rel = isAbsolute(file) ? relative(process.cwd(), file) : file;
  if (isAbsolute(rel) || rel.startsWith('..')) return `file://${encodeURI((isAbsolute(file) ? file : rel).split(sep).join('/'))}`;
  return encodeURI(rel.split(sep).join('/'));
}

/** Line and column of a finding's JSON path in the file's text (not for gzip files: their lines mean nothing). */
async function positions(file: string): Promise<(path: string) => Position | null> {
  const bytes = await readInputBytes(file);
  if (isGzip(bytes)) return () => null;
  return locator(bytes.toString('utf8'));
}

export function register(program: Command): void {
  program
    .command('lint')
    .argument('[file]', 'selectors: a bare AdvancedEventSelectors array, a GetEventSelectors response (advanced or basic), a trail object, or a CloudFormation YAML fragment')
    .description("check event selectors against AWS's rules and known pitfalls (exit 1 on errors)")
    .option('--json', 'print {"schemaVersion", "valid", "values", "limit", "kind", "findings": [{"rule", "severity", "path", "message"}], "ignored"} (schema/lint.schema.json)')
    .addOption(outputOption())
    .addOption(new Option('--format <format>', 'table, json, sarif (SARIF 2.1.0 for code scanning) or github (workflow commands: annotations in GitHub Actions)').choices(LINT_FORMATS as unknown as string[]))
    .option('--ignore <rules>', 'leave out findings of these rule ids (repeat it, or give a comma list); an ignored error no longer fails the exit code', collectIds)
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
  $ trailcost lint selectors.json --ignore TC-SEL-111,TC-SEL-116 --ignore TC-SEL-101
  $ trailcost lint selectors.json --format sarif > trailcost.sarif      # github/codeql-action/upload-sarif
  $ trailcost lint selectors.json --format github                      # annotations in a GitHub Actions job
  $ trailcost lint --rules

Exit codes: 0 no errors (warnings and ignored findings do not fail); 1 errors; 2 bad usage (an unknown rule id
in --ignore) or a file that is not a selector set.`,
    )
    .action(async (file: string | undefined, opts: LintCliOptions) => {
      const format = (chosenFormat(opts) ?? 'table') as LintFormat;
      const ignore = ignoredRules(opts.ignore ?? []);
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
      const all = lintNormalized(norm, {
        trailBucket: opts.trailBucket,
        target: opts.eventDataStore ? 'eventDataStore' : 'trail',
        terraform: opts.terraform,
      });
      const result = withoutRules(all, ignore);
      if (format === 'json') {
        process.stdout.write(`${JSON.stringify(lintJson(result, result.ignored), null, 2)}\n`);
      } else if (format === 'sarif' || format === 'github') {
        const x = { file: file!, uri: artifactUri(file!), findings: result.findings, rules: LINT_RULES, position: await positions(file!), version: program.version() ?? '' };
        if (format === 'sarif') process.stdout.write(`${JSON.stringify(sarifLog(x), null, 2)}\n`);
        else process.stdout.write([...githubCommands(x), lintSummary(file!, result, result.ignored)].map((l) => `${l}\n`).join(''));
      } else {
        process.stdout.write(formatLintReport(file!, result, result.ignored));
      }
      if (!result.valid) process.exitCode = exitCodes.findings;
    });
}
