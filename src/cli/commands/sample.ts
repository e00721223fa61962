import type { Command } from 'commander';
import { resolve } from 'node:path';
import { UsageError, exitCodes } from '../../errors.js';
import { checkOutDir, endpointUrlFlag, ENDPOINT_URL_HELP, intFlag } from '../flags.js';
import type { Sample, Snapshot } from '../../model/snapshot.js';
import { loadSnapshotFile } from '../../scenario/load.js';
import { SampleAggregator, type SampleLimits } from '../../sample/aggregate.js';
import { mergeSample, monthlyFactor, snapshotFromSample } from '../../sample/merge.js';
import { athenaSql, lakeSql, parseAggregatedRows, type SqlWindow } from '../../sample/sql.js';
import { sampleLogs, type SampleProgress } from '../../collect/sample-logs.js';
import { localSources, type LogSource } from '../../collect/log-sources.js';
import { AGGREGATED, skippedNote, type SkippedLogFiles } from '../../collect/logs.js';
import { accessLogSample, localAccessLogSources, namedAccessLogs, sampleAccessLogs } from '../../collect/access-logs.js';
import { aggregatedSample, localAggregatedSources, sampleAggregatedLogs } from '../../collect/aggregated-logs.js';
import type { OtherLogObjects } from '../../collect/s3-logs.js';
import { AccessLogAggregator } from '../../sample/access-log-aggregate.js';
import { accessLogSql, parseAccessLogRows } from '../../sample/access-log-sql.js';
import { sourceSummary } from '../../sample/source-summary.js';
import { writeFileAtomic } from '../../io/atomic-write.js';
import { terminalSafe, terminalSafeBlock } from '../../report/terminal-text.js';

interface SampleOptions {
  snapshot?: string;
  out?: string;
  window?: string;
  depth: string;
  maxPrefixes: string;
  topCallers: string;
  athena?: boolean;
  database?: string;
  table?: string;
  output?: string;
  workgroup?: string;
  partitionColumn: string;
  partitionFilter: boolean;
  lake?: string;
  days?: string;
  start?: string;
  end?: string;
  printSql?: boolean;
  region?: string;
  profile?: string;
  progress?: boolean;
  threads?: string;
  /** --athena: the table is an S3 server access-log table. */
  accessLogs?: boolean;
  /** Read CloudTrail-Aggregated/ files as a volume source. */
  aggregated?: boolean;
  endpointUrl?: string;
  /** The checked --endpoint-url, as the SDK clients take it (sample-clients.ts). */
  endpoint?: string;
}

function parseWindow(v: string): { start: string; end: string } {
  const m = /^([^/]+)\/([^/]+)$/.exec(v);
  const start = m ? new Date(m[1]) : null;
  const end = m ? new Date(m[2]) : null;
  if (!start || !end || Number.isNaN(start.getTime()) || Number.isNaN(end.getTime()) || !(end > start)) {
    throw new UsageError(`--window must be START/END (ISO dates, END after START), e.g. 2026-11-01/2026-11-08 (got "${v}")`);
  }
  return { start: start.toISOString(), end: end.toISOString() };
}

/** The window an Athena / Lake query covers: --start/--end, or the last --days whole UTC days before today. */
function queryWindow(o: SampleOptions, now: Date): SqlWindow {
  if (o.window) return parseWindow(o.window);
  if (o.start || o.end) {
    if (!o.start || !o.end) throw new UsageError('give both --start and --end (or --days N)');
    return parseWindow(`${o.start}/${o.end}`);
  }
  const days = intFlag('days', o.days ?? '7', 1, 400);
  const end = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  return { start: new Date(end.getTime() - days * 86_400_000).toISOString(), end: end.toISOString() };
}

/** The snapshot to merge into, read like every other command reads one (file:line:col, version check). */
function loadSnapshot(file: string): Promise<Snapshot> {
  return loadSnapshotFile(resolve(file));
}

/** writeFileAtomic (a reader never sees half a snapshot), its failure as a usage error naming the file. */
function writeAtomic(file: string, text: string): void {
  try {
    writeFileAtomic(file, text);
  } catch (err) {
    throw new UsageError(`${file}: cannot write (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
}

function progressPrinter(): (p: SampleProgress) => void {
  return (p) => {
    const mb = (n: number): string => (n / 1e6).toFixed(1);
    const rate = p.elapsedMs > 0 ? (p.bytesDone / 1e6 / (p.elapsedMs / 1000)).toFixed(1) : '-';
    process.stderr.write(
      `\rsample: ${p.filesDone}/${p.files} files, ${mb(p.bytesDone)}/${mb(p.bytes)} MB, ${p.records.toLocaleString('en-US')} records, ${rate} MB/s   `,
    );
  };
}

function awsMessage(err: unknown, o: SampleOptions): string {
  const msg = err instanceof Error ? err.message : String(err);
  if (/Could not load credentials/i.test(msg)) {
    return `no AWS credentials${o.profile ? ` for profile "${o.profile}"` : ''} (${msg}); run \`aws sso login\` or set AWS_PROFILE`;
  }
  if (/Region is missing/i.test(msg)) return 'no AWS Region: pass --region or set AWS_REGION';
  return msg;
}

/**
 * The sample as the summary shows it: every string (object keys in ARNs, event names, caller ARNs, file names,
 * notes) terminal-safe, before the summary measures and pads its columns. The snapshot keeps the real values.
 */
function displayed<T>(v: T): T {
  if (typeof v === 'string') return terminalSafe(v) as T;
  if (Array.isArray(v)) return v.map(displayed) as T;
  if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, displayed(x)])) as T;
  return v;
}

/** Stored bytes beyond which reading every file is worth a second thought (a hint, not a limit). */
const LARGE_INPUT = 20e9;

/**
 * Local paths and s3:// URIs, in the order given, each file once; aggregated-event files counted in `skipped`.
 * Access-log candidates (and aggregated-event files, when `also.aggregated` is set) are collected in `also`.
 */
async function logSources(logs: string[], o: SampleOptions, skipped: SkippedLogFiles, also: Required<Pick<OtherLogObjects, 'accessLogs'>> & OtherLogObjects): Promise<LogSource[]> {
  let s3: import('@aws-sdk/client-s3').S3Client | undefined;
  const out: LogSource[] = [];
  for (const arg of logs) {
    if (arg.startsWith('s3://')) {
      s3 ??= await (await import('../../collect/sample-clients.js')).sampleS3Client(o);
      const { s3Sources } = await import('../../collect/s3-logs.js');
      const tty = o.progress !== false && process.stderr.isTTY;
      try {
        out.push(...(await s3Sources(s3, arg, tty ? (n) => process.stderr.write(`\rsample: listing ${arg}: ${n.toLocaleString('en-US')} log files   `) : undefined, skipped, also)));
      } catch (err) {
        throw err instanceof UsageError ? new UsageError(awsMessage(err, o)) : err;
      } finally {
        if (tty) process.stderr.write('\n');
      }
    } else {
      out.push(...(await localSources([arg], skipped)));
      also.accessLogs.push(...(await localAccessLogSources([arg])));
      if (also.aggregated) also.aggregated.push(...(await localAggregatedSources([arg])));
    }
  }
  const once = <T extends { name: string }>(list: T[]): T[] => {
    const seen = new Set<string>();
    return list.filter((f) => !seen.has(f.name) && seen.add(f.name));
  };
  also.accessLogs = once(also.accessLogs);
  if (also.aggregated) also.aggregated = once(also.aggregated);
  return once(out);
}

/** Runs the Athena / Lake query, or prints it (`--print-sql`, returns null). */
async function runAtScale(o: SampleOptions, limits: SampleLimits): Promise<{ sample: Sample; summary: string[] } | null> {
  const win = queryWindow(o, new Date());
  let sql: string;
  try {
    sql = o.athena && o.accessLogs
      ? accessLogSql({
          database: o.database!, table: o.table!, window: win, maxDepth: limits.maxDepth, topCallers: limits.topCallers,
          partitionColumn: o.partitionFilter ? o.partitionColumn : null,
        })
      : o.athena
      ? athenaSql({
          database: o.database!, table: o.table!, window: win, maxDepth: limits.maxDepth, topCallers: limits.topCallers,
          partitionColumn: o.partitionFilter ? o.partitionColumn : null,
        })
      : lakeSql({ eventDataStore: o.lake!, window: win, maxDepth: limits.maxDepth });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  if (o.printSql) {
    process.stdout.write(sql);
    return null;
  }
  const clients = await import('../../collect/sample-clients.js');
  const onStatus = (s: string): void => {
    if (o.progress !== false && process.stderr.isTTY) process.stderr.write(`\rsample: query ${s}        `);
  };
  let result;
  try {
    if (o.athena) {
      const { runAthenaQuery } = await import('../../collect/athena.js');
      const client = await clients.sampleAthenaClient(o);
      result = await runAthenaQuery(client, { sql, database: o.database!, outputLocation: o.output, workGroup: o.workgroup }, { onStatus, pollMs: pollMs() });
    } else {
      const { runLakeQuery } = await import('../../collect/lake.js');
      const client = await clients.sampleLakeClient(o);
      result = await runLakeQuery(client, sql, { onStatus, pollMs: pollMs() });
    }
  } catch (err) {
    throw new UsageError(awsMessage(err, o));
  }
  if (process.stderr.isTTY && o.progress !== false) process.stderr.write('\n');
  if (o.accessLogs) {
    const acc = new AccessLogAggregator(limits);
    try {
      for (const g of parseAccessLogRows(result.rows)) acc.addGroup(g);
    } catch (err) {
      throw new UsageError(terminalSafe(`query ${result.queryId}: ${(err as Error).message}`));
    }
    const scanned = result.bytesScanned;
    return {
      sample: acc.result(`athena-access-logs:${o.database}.${o.table}`, win),
      summary: [`Athena query ${result.queryId} over S3 server access logs: ${result.rows.length} grouped rows in ${result.pages} page(s)` +
        (scanned !== null ? `, ${(scanned / 1e9).toFixed(3)} GB scanned` : '')],
    };
  }
  const agg = new SampleAggregator(limits);
  try {
    for (const row of parseAggregatedRows(result.rows)) agg.addAggregated(row);
  } catch (err) {
    throw new UsageError(terminalSafe(`query ${result.queryId}: ${(err as Error).message}`));
  }
  const source = o.athena ? `athena:${o.database}.${o.table}` : `lake:${o.lake}`;
  // The query window is what was covered, whatever span the events happen to have.
  const sample = agg.result(source, win);
  const scanned = result.bytesScanned;
  const summary = [
    `${o.athena ? 'Athena' : 'CloudTrail Lake'} query ${result.queryId}: ${result.rows.length} aggregated rows in ${result.pages} page(s)` +
      (scanned !== null ? `, ${(scanned / 1e9).toFixed(3)} GB scanned` : ''),
  ];
  return { sample, summary };
}

/** Poll interval: 1 s against AWS; the local fake answers at once (tests set TRAILCOST_POLL_MS). */
function pollMs(): number {
  const v = Number(process.env.TRAILCOST_POLL_MS);
  return Number.isFinite(v) && v > 0 ? v : 1000;
}

export function register(program: Command): void {
  program
    .command('sample')
    .description(
      'aggregate CloudTrail data events from log files (.json.gz/.json, files or folders) into per-prefix, per-eventName ' +
        'and per-caller volumes for a snapshot; --athena / --lake run the same aggregation where the logs live.',
    )
    .argument('[logs...]', 'log files or folders (e.g. an AWSLogs/ tree, or S3 server access logs), or s3://bucket/prefix of the trail\'s or the access logs\' bucket')
    .option('--snapshot <file>', 'merge into this snapshot (metric totals stay the truth; the sample gives the split)')
    .option('--out <file>', 'write the snapshot here ("-" or none: print it on stdout)')
    .option('--window <start/end>', 'count only events in this window, and scale from it (default: every event, over the span of eventTime seen)')
    .option('--depth <n>', 'S3 folder levels kept below the bucket', '4')
    .option('--max-prefixes <n>', 'S3 prefixes kept per bucket before the smallest are rolled up', '200')
    .option('--top-callers <n>', 'callers (userIdentity.arn) listed per resource and event class', '5')
    .option('--athena', 'run the aggregation as one Amazon Athena query over the trail\'s CloudTrail table')
    .option('--access-logs', 'with --athena: the table is an S3 server access-log table (AWS\'s documented DDL); access-log files and objects are recognized without it')
    .option('--aggregated', 'also read CloudTrail-Aggregated/ files: per-resource, per-API, per-caller 5-minute counts as a volume source (never as events)')
    .option('--database <name>', 'Athena database')
    .option('--table <name>', 'Athena CloudTrail table (partition projection on a yyyy/MM/dd column)')
    .option('--output <s3uri>', 'Athena query result location (s3://bucket/prefix/)')
    .option('--workgroup <name>', 'Athena workgroup')
    .option('--partition-column <name>', 'the table\'s yyyy/MM/dd partition column', 'timestamp')
    .option('--no-partition-filter', 'the table has no date partition column')
    .option('--lake <event-data-store>', 'run the aggregation as one CloudTrail Lake query on this event data store (ID or ARN)')
    .option('--days <n>', 'the last N whole UTC days (Athena/Lake default 7; log files: every event unless a window is given)')
    .option('--start <date>', 'window start (with --end); log files are filtered to it, Athena/Lake query it')
    .option('--end <date>', 'window end, exclusive')
    .option('--print-sql', 'print the Athena/Lake query and exit without running it')
    .option('--region <region>', 'AWS Region of the Athena workgroup / event data store (for s3:// logs, where to start: S3 redirects to the bucket\'s Region)')
    .option('--profile <name>', 'AWS profile')
    .option('--endpoint-url <url>', ENDPOINT_URL_HELP)
    .option('--threads <n>', 'worker threads decoding log files (0: none; default: one per core for inputs over 32 MB)')
    .option('--no-progress', 'no progress on stderr')
    .addHelpText('after', `
Examples:
  $ trailcost sample ./AWSLogs/ --snapshot snapshot.json --out snapshot.json
  $ trailcost sample logs/*.json.gz --window 2026-11-01/2026-11-08 --depth 2 --out sample.json
  $ trailcost sample s3://my-trail-bucket/AWSLogs/111122223333/CloudTrail/us-east-1/2026/11/20/ --out sample.json
  $ trailcost sample --athena --database security --table cloudtrail_logs_pp --output s3://results/trailcost/ --days 7 --out sample.json
  $ trailcost sample --lake <event-data-store-id> --start 2026-11-01 --end 2026-11-08 --print-sql
  $ trailcost sample s3://my-access-logs/logs/ --snapshot snapshot.json --out snapshot.json
  $ trailcost sample --athena --access-logs --database s3_access_logs_db --table mybucket_logs --output s3://results/trailcost/ --days 7 --out sample.json
  $ trailcost sample ./AWSLogs/ --aggregated --snapshot snapshot.json --out snapshot.json

Exit codes: 0 ok; 2 bad usage or input; 3 some files were unreadable/corrupt (skipped, listed; the rest is written).`)
    .action(async (logs: string[], o: SampleOptions) => {
      o.endpoint = endpointUrlFlag(o.endpointUrl);
      const limits: SampleLimits = {
        ...new SampleAggregator().limits,
        maxDepth: intFlag('depth', o.depth, 0, 32),
        maxPrefixesPerBucket: intFlag('max-prefixes', o.maxPrefixes, 1, 100_000),
        topCallers: intFlag('top-callers', o.topCallers, 0, 1000),
      };
      limits.callerSlots = Math.max(limits.callerSlots, limits.topCallers * 4);
      const modes = [logs.length > 0, !!o.athena, !!o.lake].filter(Boolean).length;
      if (modes === 0) throw new UsageError('give log files or folders, or --athena / --lake');
      if (modes > 1) throw new UsageError('give log files, --athena or --lake: one source at a time');
      if (o.athena && (!o.database || !o.table)) throw new UsageError('--athena needs --database and --table');
      if (o.athena && !o.printSql && o.output && !/^s3:\/\/[^/]+/.test(o.output)) {
        throw new UsageError(`--output must be an s3:// URI (got "${o.output}")`);
      }
      if (o.printSql && !o.athena && !o.lake) throw new UsageError('--print-sql goes with --athena or --lake');
      if (o.accessLogs && !o.athena) throw new UsageError('--access-logs goes with --athena (access-log files and s3:// objects are recognized by their format)');
      if (o.aggregated && (o.athena || o.lake)) throw new UsageError('--aggregated reads CloudTrail-Aggregated/ files: give log folders or s3:// prefixes, not --athena / --lake');
      // Read the snapshot and check the options first: bad input fails before any work.
      const base = o.snapshot ? await loadSnapshot(o.snapshot) : null;
      if (o.window) parseWindow(o.window);
      // "-" is stdout, as for `scan --out -`: never a file named "-".
      const outFile = o.out === '-' ? undefined : o.out;
      if (outFile) checkOutDir(outFile);
      const threads = o.threads === undefined ? undefined : intFlag('threads', o.threads, 0, 64);

      // One sample per kind of input read (CloudTrail logs, access logs, aggregated events), each with its header.
      const parts: Array<{ sample: Sample; header: string[] }> = [];
      let partial = false;
      if (o.athena || o.lake) {
        const r = await runAtScale(o, limits);
        if (!r) return;
        parts.push({ sample: r.sample, header: r.summary });
      } else {
        const showProgress = o.progress !== false && process.stderr.isTTY;
        const skipped: SkippedLogFiles = { aggregated: 0 };
        const also = { accessLogs: [] as LogSource[], aggregated: o.aggregated ? ([] as LogSource[]) : undefined };
        let sources = await logSources(logs, o, skipped, also);
        // Files named on the command line whose content is an access log go to the access-log reader; with
        // --aggregated, so do files of a named CloudTrail-Aggregated/ folder to the aggregated-event reader.
        const named = new Set(logs.filter((l) => !l.startsWith('s3://')));
        const accessNamed = await namedAccessLogs(sources, named);
        const access = [...also.accessLogs, ...sources.filter((f) => accessNamed.has(f.name))];
        const seen = new Set<string>();
        const aggregated = also.aggregated
          ? [...also.aggregated, ...sources.filter((f) => AGGREGATED.test(f.name))].filter((f) => !seen.has(f.name) && seen.add(f.name))
          : [];
        sources = sources.filter((f) => !accessNamed.has(f.name) && !(also.aggregated && AGGREGATED.test(f.name)));
        if (also.aggregated) skipped.aggregated = 0;
        const note = skippedNote(skipped);
        const stored = [...sources, ...access].reduce((a, f) => a + f.size, 0);
        if (stored > LARGE_INPUT) {
          process.stderr.write(`note: ${(stored / 1e9).toFixed(1)} GB of log files to read; at this scale --athena or --lake runs the same aggregation where the logs live and returns only the rows\n`);
        }
        // A window given (--window, --start/--end, --days) filters the events, as the Athena / Lake queries do.
        const win = o.window || o.start || o.end || o.days ? queryWindow(o, new Date()) : undefined;
        const others = access.length + aggregated.length;
        if (sources.length === 0 && others === 0) {
          throw new UsageError(`no .json or .json.gz log files under ${logs.join(', ')}${note ? ` (${note})` : ''}, nor S3 server access logs${o.aggregated ? ' or aggregated-event files' : ''}`);
        }
        if (sources.length > 0) {
          const local = await sampleLogs(sources, { limits, threads, window: win, onProgress: showProgress ? progressPrinter() : undefined });
          if (showProgress) process.stderr.write('\n');
          const agg = local.aggregator;
          for (const p of local.problems) process.stderr.write(`trailcost: skipped ${terminalSafe(p.file)}: ${terminalSafe(p.message)}\n`);
          partial = local.problems.length > 0;
          if (agg.records === 0 && agg.networkEvents === 0) {
            const why = `no CloudTrail data events in ${local.files.length} file(s) (${agg.scanned} records read, ${agg.nonData} not data events` +
              `${local.problems.length ? `, ${local.problems.length} file(s) skipped` : ''})${note ? `; ${note}` : ''}`;
            // With access logs or aggregated events to read, CloudTrail files without data events are only a note.
            if (others === 0) throw new UsageError(why);
            process.stderr.write(`note: ${terminalSafe(why)}\n`);
          } else {
            let sample: Sample;
            try {
              sample = agg.result(`logs:${logs.join(',')}`, win);
            } catch (err) {
              const msg = (err as Error).message;
              throw new UsageError(msg.includes('--window') ? msg : `${msg} (--window START/END)`);
            }
            sample.files = local.files.length;
            if (local.problems.length) sample.problems = local.problems;
            const header = [`${local.files.length} file(s), ${(local.bytes / 1e6).toFixed(1)} MB read` +
              (local.problems.length ? `, ${local.problems.length} skipped (listed above)` : '')];
            if (note) header.push(note);
            parts.push({ sample, header });
          }
        }
        if (access.length > 0) {
          const res = await sampleAccessLogs(access, {
            limits, window: win,
            onProgress: showProgress ? (p) => process.stderr.write(`\rsample: access logs ${p.filesDone}/${p.files} files, ${p.lines.toLocaleString('en-US')} requests   `) : undefined,
          });
          if (showProgress) process.stderr.write('\n');
          for (const p of res.problems) process.stderr.write(`trailcost: skipped ${terminalSafe(p.file)}: ${terminalSafe(p.message)}\n`);
          partial ||= res.problems.length > 0;
          if (res.aggregator.lines === 0) {
            if (parts.length === 0 && aggregated.length === 0) throw new UsageError(`no S3 server access-log records in ${res.files.length} file(s)${res.problems.length ? ` (${res.problems.length} skipped)` : ''}`);
          } else {
            try {
              parts.push(accessLogSample(res, `access-logs:${logs.join(',')}`, win));
            } catch (err) {
              throw new UsageError(`S3 server access logs: ${(err as Error).message}`);
            }
          }
        }
        if (aggregated.length > 0) {
          const res = await sampleAggregatedLogs(aggregated, { limits, window: win });
          for (const p of res.problems) process.stderr.write(`trailcost: skipped ${terminalSafe(p.file)}: ${terminalSafe(p.message)}\n`);
          partial ||= res.problems.length > 0;
          if (res.reader.used === 0) {
            const why = `no per-resource summaries (RESOURCE_ACCESS template) in ${res.files.length} aggregated-event file(s) (${res.reader.summaries} summaries read` +
              `${res.reader.otherTemplates ? `, ${res.reader.otherTemplates} of other templates` : ''}${res.reader.unreadable ? `, ${res.reader.unreadable} of an unrecognized shape` : ''})`;
            if (parts.length === 0) throw new UsageError(why);
            process.stderr.write(`note: ${terminalSafe(why)}\n`);
          } else {
            parts.push(aggregatedSample(res, `aggregated:${logs.join(',')}`, win));
          }
        }
        if (parts.length === 0) throw new UsageError(`nothing to sample under ${logs.join(', ')}`);
      }

      const now = new Date().toISOString();
      let snapshot = base ? mergeSample(base, parts[0].sample) : snapshotFromSample(parts[0].sample, now);
      for (const p of parts.slice(1)) snapshot = mergeSample(snapshot, p.sample);
      const text = `${JSON.stringify(snapshot, null, 2)}\n`;
      const stream = outFile ? process.stdout : process.stderr;
      // Data made terminal-safe before the summary lays it out; the whole text once more for anything else.
      const report = parts.map((p) => terminalSafeBlock(sourceSummary(displayed(p.sample), {
        monthlyFactor: monthlyFactor(p.sample.window), header: p.header.map(terminalSafe), merged: !!base, width: stream.isTTY ? stream.columns : undefined,
      }))).join('\n');
      if (outFile) {
        writeAtomic(outFile, text);
        process.stdout.write(report);
        process.stdout.write(`Snapshot written to ${terminalSafe(outFile)}\n`);
      } else {
        process.stderr.write(report);
        process.stdout.write(text);
      }
      if (partial) process.exitCode = exitCodes.partial;
    });
}
