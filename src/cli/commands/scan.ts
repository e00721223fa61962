import type { Command } from 'commander';
import { UsageError, exitCodes } from '../../errors.js';
import { checkOutDir, endpointUrlFlag, ENDPOINT_URL_HELP, intFlag } from '../flags.js';
import { runScan, scanWindow, type ScanResult } from '../../collect/scan.js';
import { curSql, parseCurTable } from '../../collect/cur.js';
import { writeFileAtomic } from '../../io/atomic-write.js';
import { stderrProgress } from '../../collect/progress.js';
import { REGION_RE } from '../../collect/regions.js';
import { formatDryRun, formatSummary } from '../../collect/summary.js';
import { terminalSafe, terminalSafeBlock } from '../../report/terminal-text.js';

interface ScanFlags {
  profile?: string;
  region?: string;
  regions?: string;
  days: string;
  orgRole?: string;
  out?: string;
  dryRun?: boolean;
  concurrency: string;
  maxAttempts: string;
  billing: boolean;
  endpointUrl?: string;
  curTable?: string;
  athenaWorkgroup?: string;
  athenaOutput?: string;
  printSql?: boolean;
}

export function register(program: Command): void {
  program
    .command('scan')
    .description('read an AWS account (or organization) into a snapshot: inventory, CloudWatch request metrics, trails, billed CloudTrail usage')
    .option('--profile <name>', 'AWS profile (default: the SDK provider chain: env, AWS_PROFILE, default profile, SSO)')
    .option('--region <region>', 'Region for global calls and the default scope (default: the profile\'s / AWS_REGION)')
    .option('--regions <list>', 'comma-separated Regions to read, or "all" (default: your Region, every trail\'s home Region, and the Regions where buckets live)')
    .option('--days <n>', 'days of CloudWatch metrics to sum, ending at the last full UTC day', '30')
    .option('--org-role <name>', 'read every account of the organization by assuming this role in each member (from the management account)')
    .option('--out <file>', 'where to write the snapshot JSON ("-" for stdout)')
    .option('--dry-run', 'list the inventory (free calls) and print the plan: calls per API, metrics, what the scan will cost; read no metrics, no billing')
    .option('--concurrency <n>', 'AWS requests in flight at once', '16')
    .option('--max-attempts <n>', 'attempts per request, SDK retries of throttling and 5xx included', '8')
    .option('--no-billing', 'skip Cost Explorer (each request costs $0.01)')
    .option('--endpoint-url <url>', ENDPOINT_URL_HELP)
    .option('--cur-table <db.table>', 'also read bucket request volumes from a billing export (CUR 2.0 / legacy CUR with resource IDs) through one Athena query (a floor: DELETE is free, denied outside requests unbilled)')
    .option('--athena-workgroup <name>', 'Athena workgroup for --cur-table')
    .option('--athena-output <s3uri>', 'Athena query result location for --cur-table (s3://bucket/prefix/)')
    .option('--print-sql', 'print the --cur-table query and exit without calling AWS')
    .addHelpText(
      'after',
      `
Examples:
  $ trailcost scan --dry-run                                   # the plan and what the scan costs; writes nothing
  $ trailcost scan --out snapshot.json                         # your account, default Regions
  $ trailcost scan --profile prod --regions all --days 14 --out snapshot.json
  $ trailcost scan --org-role OrganizationAccountAccessRole --out org.json
  $ trailcost scan --endpoint-url http://127.0.0.1:4599 --out fake.json   # every call to one endpoint (npm run fake-aws)
  $ trailcost scan --cur-table billing.cur2 --athena-output s3://athena-results/trailcost/ --out snapshot.json
  $ trailcost scan --cur-table billing.cur2 --print-sql          # the billing-export query, to run yourself
  $ trailcost estimate --snapshot snapshot.json                # then price it

Exit codes: 0 complete; 2 bad usage or no usable credentials (nothing called or written);
3 partial: some calls failed (the snapshot is still written; the gaps are listed in it and on stderr).`,
    )
    .action(async (flags: ScanFlags) => {
      const days = intFlag('days', flags.days, 1, 455);
      const concurrency = intFlag('concurrency', flags.concurrency, 1, 256);
      const maxAttempts = intFlag('max-attempts', flags.maxAttempts, 1, 20);
      const endpoint = endpointUrlFlag(flags.endpointUrl);
      const cur = curFlags(flags);
      if (flags.printSql) {
        if (!cur) throw new UsageError('--print-sql goes with --cur-table DATABASE.TABLE');
        const { database, table } = parseCurTable(cur.table);
        process.stdout.write(curSql({ database, table, window: scanWindow(new Date(), days) }));
        return;
      }
      if (!flags.dryRun && !flags.out) throw new UsageError('--out <file> is required (or --dry-run to see the plan first)');
      if (flags.out && flags.out !== '-') checkOutDir(flags.out);
      if (flags.region && !REGION_RE.test(flags.region)) throw new UsageError(`--region: "${flags.region}" is not a Region code such as us-east-1`);
      let regions: string[] | 'all' | undefined;
      if (flags.regions) {
        if (flags.regions.trim() === 'all') regions = 'all';
        else {
          regions = flags.regions.split(',').map((r) => r.trim()).filter(Boolean);
          const bad = regions.find((r) => !REGION_RE.test(r));
          if (bad) throw new UsageError(`--regions: "${bad}" is not a Region code such as us-east-1`);
        }
      }
      // Ctrl-C: say so and stop. The snapshot is only written (atomically) after everything was read.
      const onInterrupt = () => {
        process.stderr.write('\ntrailcost: scan interrupted; no snapshot written\n');
        process.exit(130);
      };
      process.once('SIGINT', onInterrupt);
      process.once('SIGTERM', onInterrupt);
      const toStdout = flags.out === '-';
      // The summaries name buckets, ARNs and AWS's messages: data, shown terminal-safe.
      const report = (s: string) => (toStdout ? process.stderr : process.stdout).write(terminalSafeBlock(s));
      const result: ScanResult = await runScan({
        profile: flags.profile, region: flags.region, regions, days, orgRole: flags.orgRole, concurrency, maxAttempts,
        dryRun: Boolean(flags.dryRun), billing: flags.billing, now: new Date(), progress: stderrProgress(), endpoint, ...(cur ? { cur } : {}),
      });
      if (flags.dryRun || !result.snapshot) {
        report(formatDryRun(result, days));
        return;
      }
      const json = JSON.stringify(result.snapshot, null, 2) + '\n';
      if (toStdout) process.stdout.write(json);
      else writeFileAtomic(flags.out!, json);
      report(formatSummary(result, toStdout ? undefined : flags.out, flags.profile));
      if (result.snapshot.gaps.length) {
        process.stderr.write(`trailcost: ${result.snapshot.gaps.length} part(s) of the account could not be read; the snapshot lists them under "gaps":\n`);
        for (const g of result.snapshot.gaps) {
          process.stderr.write(`  - ${terminalSafe(`${g.service} ${g.operation}${g.account ? ` account ${g.account}` : ''}${g.region ? ` ${g.region}` : ''}${g.resource ? ` (${g.resource})` : ''}: ${g.error}: ${g.message}`)}\n`);
        }
        process.exitCode = exitCodes.partial;
      }
    });
}

/** --cur-table and its Athena options, checked before any call (bad names exit 2). */
function curFlags(f: ScanFlags): { table: string; workGroup?: string; outputLocation?: string; pollMs?: number } | undefined {
  if (!f.curTable) {
    if (f.athenaWorkgroup || f.athenaOutput) throw new UsageError('--athena-workgroup / --athena-output go with --cur-table DATABASE.TABLE');
    return undefined;
  }
  try {
    parseCurTable(f.curTable);
  } catch (err) {
    throw new UsageError(`--cur-table: ${(err as Error).message}`);
  }
  if (f.athenaOutput && !/^s3:\/\/[^/]+/.test(f.athenaOutput)) throw new UsageError(`--athena-output: "${f.athenaOutput}" is not an s3:// location`);
  // The local fake answers at once; tests shorten the poll interval (as sample does).
  const poll = Number(process.env.TRAILCOST_POLL_MS);
  return {
    table: f.curTable, ...(f.athenaWorkgroup ? { workGroup: f.athenaWorkgroup } : {}), ...(f.athenaOutput ? { outputLocation: f.athenaOutput } : {}),
    ...(Number.isFinite(poll) && poll > 0 ? { pollMs: poll } : {}),
  };
}
