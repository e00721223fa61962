/**
 * S3 server access logs for `trailcost sample`: finding them beside CloudTrail logs, and reading them into an
 * AccessLogAggregator (src/sample/access-log-aggregate.ts).
 *
 * Finding. Access-log objects have no extension (`2026-11-20-10-15-32-0123456789ABCDEF`, or under AWS's date-based
 * `PartitionedPrefix` layout `<account>/<region>/<bucket>/<yyyy>/<mm>/<dd>/…`): under folders and s3:// prefixes,
 * files with such names (or `*.log`) are access-log candidates; a file named on the command line is one when its
 * first line reads as an access-log record. Every candidate is recognized by its content: a file whose lines are not
 * access-log records is reported by name and skipped, like a corrupt CloudTrail file.
 *
 * Reading runs on this thread (lines are short and the parse is a single pass), a few files ahead for remote objects;
 * each file is read bounded and gunzipped when gzip, as CloudTrail files are.
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { AccessLogAggregator } from '../sample/access-log-aggregate.js';
import { ACCESS_LOG_NAME, looksLikeAccessLog, parseAccessLogLine, partitionedSource } from '../sample/access-log-line.js';
import type { SampleLimits } from '../sample/aggregate.js';
import { readInputContent } from '../io/read-input.js';
import type { FileProblem } from './logs.js';
import { fileSource, readAhead, type LogSource } from './log-sources.js';
import { stat } from 'node:fs/promises';

const JSON_NAME = /\.json(\.gz)?$/i;
const SKIP_DIR = /CloudTrail-Digest|CloudTrail-Aggregated/;

/** Access-log candidates under local folders (files named directly are checked by `namedAccessLogs`). */
export async function localAccessLogSources(paths: string[]): Promise<LogSource[]> {
  const out: Array<{ name: string; size: number }> = [];
  const walk = async (dir: string): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true });
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      const p = join(dir, e.name);
      if (e.isDirectory()) {
        if (!SKIP_DIR.test(e.name)) await walk(p);
      } else if ((e.isFile() || e.isSymbolicLink()) && !JSON_NAME.test(e.name) && ACCESS_LOG_NAME.test(e.name)) {
        out.push({ name: p, size: (await stat(p).catch(() => ({ size: 0 }))).size });
      }
    }
  };
  for (const p of paths) {
    const st = await stat(p).catch(() => null);
    if (st?.isDirectory()) await walk(p);
  }
  const seen = new Set<string>();
  return out.filter((f) => !seen.has(f.name) && seen.add(f.name)).map((f) => fileSource(f.name, f.size));
}

/**
 * Of local sources named on the command line (not found under a folder), those whose content reads as an access
 * log. Files that cannot be read are left to the CloudTrail reader, which reports them.
 */
export async function namedAccessLogs(sources: LogSource[], named: ReadonlySet<string>): Promise<Set<string>> {
  const out = new Set<string>();
  for (const s of sources) {
    if (s.remote || !named.has(s.name) || JSON_NAME.test(s.name)) continue;
    try {
      const text = (await readInputContent(s.name)).subarray(0, 64 * 1024).toString('utf8');
      if (looksLikeAccessLog(text)) out.add(s.name);
    } catch {
      // Unreadable: the CloudTrail reader names it.
    }
  }
  return out;
}

export interface AccessLogProgress {
  files: number;
  filesDone: number;
  bytesDone: number;
  lines: number;
}

export interface AccessLogResult {
  aggregator: AccessLogAggregator;
  files: string[];
  bytes: number;
  problems: FileProblem[];
  /** Lines that are not access-log records, in files that otherwise are (first few named `file:line: why`). */
  badLines: number;
  badExamples: string[];
}

/** Lines of one file into the aggregator; the problem when the file is not an access log at all. */
function readLines(text: string, file: string, agg: AccessLogAggregator, res: AccessLogResult): string | null {
  const place = partitionedSource(file);
  const where = place ? { account: place.account, region: place.region } : {};
  let good = 0;
  let bad = 0;
  let firstBad: string | null = null;
  const examples: string[] = [];
  let lineNo = 0;
  for (let from = 0; from < text.length;) {
    let to = text.indexOf('\n', from);
    if (to < 0) to = text.length;
    lineNo++;
    const line = text.slice(from, to);
    from = to + 1;
    if (line.length === 0 || (line.length === 1 && line === '\r')) continue;
    const r = parseAccessLogLine(line);
    if (typeof r === 'string') {
      bad++;
      firstBad ??= `line ${lineNo}: ${r}`;
      if (examples.length < 3) examples.push(`${file}:${lineNo}: ${r}`);
      continue;
    }
    good++;
    agg.addRequest(r, where);
  }
  // A file none of whose lines read is not an access log (or not one this reader understands): say so, skip it.
  if (good === 0 && bad > 0) return `not an S3 server access log (${firstBad})`;
  res.badLines += bad;
  res.badExamples.push(...examples.slice(0, 3 - res.badExamples.length));
  return null;
}

/** Read every source into one aggregator, in order; unreadable files and files that are not access logs are skipped. */
export async function sampleAccessLogs(
  sources: LogSource[],
  opts: { limits?: Partial<SampleLimits>; window?: { start: string; end: string }; onProgress?: (p: AccessLogProgress) => void } = {},
): Promise<AccessLogResult> {
  const agg = new AccessLogAggregator(opts.limits, opts.window);
  const res: AccessLogResult = { aggregator: agg, files: sources.map((s) => s.name), bytes: 0, problems: [], badLines: 0, badExamples: [] };
  for await (const { source: s, index: i, bytes: got } of readAhead(sources)) {
    if (got instanceof Error) {
      res.problems.push({ file: s.name, message: got.message });
    } else {
      res.bytes += s.size;
      // Lines counted before and after: the agg's counters are the run's.
      const problem = readLines(got.toString('utf8'), s.name, agg, res);
      if (problem) res.problems.push({ file: s.name, message: problem });
    }
    opts.onProgress?.({ files: sources.length, filesDone: i + 1, bytesDone: res.bytes, lines: agg.lines });
  }
  return res;
}

/** The access-log sample of a read, with the lines `sample` prints above its table. */
export function accessLogSample(res: AccessLogResult, source: string, window?: { start: string; end: string }): { sample: import('../model/snapshot.js').Sample; header: string[] } {
  const sample = res.aggregator.result(source, window);
  sample.files = res.files.length;
  if (res.problems.length) sample.problems = res.problems;
  if (res.badLines) {
    sample.notes = [...(sample.notes ?? []), `${res.badLines} lines were not access-log records and were skipped (${res.badExamples.join('; ')}${res.badLines > res.badExamples.length ? '; …' : ''})`];
  }
  const header = [
    `S3 server access logs: ${res.files.length} file(s), ${(res.bytes / 1e6).toFixed(1)} MB read, ${res.aggregator.lines.toLocaleString('en-US')} requests` +
      (res.problems.length ? `, ${res.problems.length} skipped (listed above)` : ''),
  ];
  return { sample, header };
}
