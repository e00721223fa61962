import type { Command } from 'commander';
import { once } from 'node:events';
import { exitCodes, UsageError } from '../../errors.js';
import { readSelectorsFile } from '../read-selectors.js';
import { expandLogPaths, readLogFiles, skippedNote, type FileProblem, type SkippedLogFiles } from '../../collect/logs.js';
import { lintNormalized } from '../../selectors/lint.js';
import { toAdvancedWithOrigin } from '../../selectors/basic.js';
import { compile, matchRecord } from '../../selectors/evaluate.js';
import { AGGREGATED_REASON_PLURAL, notSelectedReason } from '../../selectors/category.js';
import { truncateName } from '../../optimize/render.js';
import type { AdvancedEventSelector, CloudTrailRecord } from '../../selectors/types.js';
import { terminalSafe } from '../../report/terminal-text.js';
import { matchLineJson } from '../../report/json.js';
import { chosenFormat, outputOption, type Output } from '../output-option.js';

interface MatchCliOptions {
  selectors: string;
  json?: boolean;
  output?: Output;
  summary?: boolean;
}

/** Buffered stdout that waits for 'drain', so a gigabyte of output does not pile up in memory. */
class Out {
  private buf: string[] = [];
  private size = 0;
  /** Queue a line; true when the buffer is full and the caller should `await flush()`. */
  line(s: string): boolean {
    this.buf.push(s);
    this.size += s.length + 1;
    return this.size >= 1 << 16;
  }
  async flush(): Promise<void> {
    if (this.buf.length === 0) return;
    const chunk = `${this.buf.join('\n')}\n`;
    this.buf = [];
    this.size = 0;
    if (!process.stdout.write(chunk)) await once(process.stdout, 'drain');
  }
}

interface LoadedSelectors {
  selectors: AdvancedEventSelector[];
  /** What `match` reports per advanced selector: its Name, else its index in the input (basic: the basic index). */
  labels: Array<string | number>;
  errors: number;
}

async function loadSelectors(file: string): Promise<LoadedSelectors> {
  const norm = await readSelectorsFile(file);
  const lint = lintNormalized(norm);
  const shape = lint.findings.find((f) => f.rule === 'TC-SEL-001');
  if (shape || lint.selectors === null) {
    const f = shape ?? lint.findings.find((x) => x.severity === 'error');
    // The message may quote the file's values: printed on a terminal, so made safe here.
    throw new UsageError(terminalSafe(`${file}: ${f ? `${f.path}: ${f.message}` : 'cannot read the selectors'}`));
  }
  const errors = lint.findings.filter((f) => f.severity === 'error').length;
  if (norm.set.kind === 'basic') {
    const { selectors, origin } = toAdvancedWithOrigin(norm.set.selectors);
    return { selectors, labels: origin, errors };
  }
  return { selectors: lint.selectors, labels: lint.selectors.map((s, i) => s.Name ?? i), errors };
}

/**
 * A selector's label for the table. Names, event names, event IDs, ARNs and file names come from files anyone
 * may have written: the table shows them terminal-safe (escapes visible), --json keeps them as they are.
 */
const label = (l: string | number | null) => (l === null ? '-' : typeof l === 'number' ? `#${l}` : terminalSafe(l));
/** Selector names can be long (optimize writes what each does): the table cuts them, --json keeps them whole. */
const cell = (text: string, w: number) => truncateName(text, w).padEnd(w);
const safe = (v: unknown) => terminalSafe(String(v));
/** The record's eventID; aggregated event records spell it `eventId` (AWS user guide). */
const eventIdOf = (r: CloudTrailRecord): unknown => r.eventID ?? (typeof r.eventId === 'string' ? r.eventId : null);

export function register(program: Command): void {
  program
    .command('match')
    .description('which CloudTrail records a selector set would log, and by which selector')
    .requiredOption('--selectors <file>', 'selectors (same shapes as lint: advanced or basic, bare or GetEventSelectors)')
    .argument('<events...>', 'log files ({"Records": [...]}, .json or .json.gz), arrays of records, single records, or folders (e.g. AWSLogs/)')
    .option('--json', 'one JSON object per record, in input order: {"schemaVersion", "eventID", "eventName", "logged", "selector"}, plus "reason" when no selector could log it (aggregated events); schema/match.schema.json')
    .addOption(outputOption())
    .option('--summary', 'only the totals per selector (for large log sets)')
    .addHelpText(
      'after',
      `
Examples:
  $ trailcost match --selectors proposed.json AWSLogs/111122223333/CloudTrail/us-east-1/2026/11/
  $ trailcost match --selectors proposed.json events.json.gz --json | jq -c 'select(.logged | not)'
  $ trailcost match --selectors current.json logs/ --summary`,
    )
    .action(async (events: string[], opts: MatchCliOptions) => {
      const json = chosenFormat({ json: opts.json, output: opts.output }) === 'json';
      const loaded = await loadSelectors(opts.selectors);
      if (loaded.errors > 0) {
        process.stderr.write(`trailcost: note: ${safe(opts.selectors)} has ${loaded.errors} lint error(s) AWS would reject (see trailcost lint); matching anyway\n`);
      }
      const skipped: SkippedLogFiles = { aggregated: 0 };
      const files = await expandLogPaths(events, skipped);
      const note = skippedNote(skipped);
      if (files.length === 0) throw new UsageError(`no *.json or *.json.gz files under ${events.join(', ')}${note ? ` (${note})` : ''}`);
      if (note) process.stderr.write(`trailcost: note: ${note}\n`);
      const compiled = compile(loaded.selectors);
      const out = new Out();
      const problems: FileProblem[] = [];
      const perLabel = new Map<string | number, number>();
      let total = 0;
      let logged = 0;
      let aggregated = 0;
      const w = Math.min(40, Math.max(8, ...loaded.labels.map((l) => label(l).length)));
      if (!json && !opts.summary) out.line(`${'LOGGED'.padEnd(6)}  ${'SELECTOR'.padEnd(w)}  ${'EVENT NAME'.padEnd(24)}  ${'EVENT ID'.padEnd(36)}  RESOURCE`);
      const onProblem = (p: FileProblem) => {
        problems.push(p);
        process.stderr.write(`trailcost: ${safe(p.file)}: ${safe(p.message)} (skipped)\n`);
      };
      for await (const { records } of readLogFiles(files, { onProblem })) {
        for (const record of records) {
          const m = matchRecord(compiled, record);
          const sel = m.selector === null ? null : loaded.labels[m.selector];
          // Records no selector set logs whatever it says (aggregated events): the reason, so "not logged" is not
          // read as a gap in the selectors.
          const reason = m.logged ? null : notSelectedReason(record);
          total++;
          if (m.logged) {
            logged++;
            perLabel.set(sel!, (perLabel.get(sel!) ?? 0) + 1);
          } else if (reason !== null) {
            aggregated++;
          }
          if (opts.summary) continue;
          if (json) {
            const row = matchLineJson({ eventID: eventIdOf(record), eventName: record.eventName ?? null, logged: m.logged, selector: sel, reason });
            if (out.line(JSON.stringify(row))) await out.flush();
          } else {
            const res = Array.isArray(record.resources) ? record.resources[0] : undefined;
            const arn = typeof res?.ARN === 'string' ? res.ARN : typeof res?.ARNPrefix === 'string' ? res.ARNPrefix : '-';
            const row = `${(m.logged ? 'yes' : 'no').padEnd(6)}  ${cell(label(sel), w)}  ${safe(record.eventName ?? '-').padEnd(24)}  ${safe(eventIdOf(record) ?? '-').padEnd(36)}  ${safe(arn)}`;
            if (out.line(row)) await out.flush();
            if (reason !== null && out.line(`${''.padEnd(8)}${reason}`)) await out.flush();
          }
        }
      }
      if (!json) {
        if (!opts.summary) out.line('');
        const pct = total === 0 ? '' : ` (${((100 * logged) / total).toFixed(1)}%)`;
        out.line(`${total} records in ${files.length - problems.length} file(s): ${logged} logged${pct}, ${total - logged} not logged`);
        for (const [l, n] of perLabel) out.line(`  ${cell(label(l), w)}  ${n}`);
        if (aggregated > 0) out.line(`${aggregated} of the ${total - logged} not logged are ${AGGREGATED_REASON_PLURAL}`);
      }
      await out.flush();
      if (problems.length > 0) {
        process.stderr.write(`trailcost: ${problems.length} file(s) could not be read; results cover the rest\n`);
        process.exitCode = exitCodes.usage;
      }
    });
}
