/**
 * `trailcost scan` end to end: the real binary, the real SDK clients, the local fake over HTTP. The expected
 * snapshot comes from the fake's seeded truth (test/scan/expected.ts), never from the scanner.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFakeAws, type FakeAws, type FakeAwsOptions } from '../fake-aws/server.js';
import { SnapshotSchema, type Snapshot } from '../../src/model/snapshot.js';
import { expectedSnapshot } from './expected.js';
import { cleanEnv, runCli, startCli } from './run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'trailcost-scan-'));
const ORG_ROLE = 'OrganizationAccountAccessRole';

async function withFake<T>(opts: FakeAwsOptions, fn: (aws: FakeAws) => Promise<T>): Promise<T> {
  const aws = await startFakeAws(opts);
  try {
    return await fn(aws);
  } finally {
    await aws.close();
  }
}

async function scan(aws: FakeAws, name: string, args: string[] = []) {
  const out = join(dir, `${name}.json`);
  const r = await runCli(['scan', '--out', out, ...args], cleanEnv(aws.env));
  const snapshot = existsSync(out) ? SnapshotSchema.parse(JSON.parse(readFileSync(out, 'utf8'))) : undefined;
  return { ...r, out, snapshot };
}

/** Everything but the generation time. */
const content = (s: Snapshot) => ({ ...s, generatedAt: undefined });

function expectMatchesTruth(s: Snapshot, aws: FakeAws, days: number, accounts: string[]) {
  const want = expectedSnapshot(aws.truth, new Date(s.generatedAt), days, accounts);
  expect(s.window).toEqual(want.window);
  expect(s.accounts.map((a) => a.id)).toEqual(want.accounts);
  expect(s.organization).toEqual(aws.truth.organization);
  expect(s.buckets).toEqual(want.buckets);
  expect(s.functions).toEqual(want.functions);
  expect(s.tables).toEqual(want.tables);
  expect(s.measurements).toEqual(want.measurements.sort((a, b) => (key(a) < key(b) ? -1 : 1)));
  expect(s.trails).toEqual(want.trails);
  expect(s.eventDataStores).toEqual(want.eventDataStores);
  expect(s.billing).toEqual(want.billing);
  expect(s.regions).toEqual([...aws.truth.regions].sort());
}
const key = (m: Snapshot['measurements'][number]) =>
  m.kind === 's3' ? `s3|${m.account}|${m.region}|${m.bucket}|${m.filterId}|${m.metric}`
    : m.kind === 'lambda' ? `lambda|${m.account}|${m.region}|${m.function}`
      : m.kind === 'dynamodb' ? `dynamodb|${m.account}|${m.region}|${m.table}|${m.operation}` : `${m.kind}|${JSON.stringify(m)}`;

describe('trailcost scan against the local AWS fake', () => {
  let baseline: Snapshot;
  let aws: FakeAws;
  beforeAll(async () => {
    aws = await startFakeAws({ seed: { seed: 3 } });
  });
  afterAll(() => aws.close());

  it('reads the whole organization (--org-role) into a snapshot equal to the fake\'s truth', async () => {
    const r = await scan(aws, 'org', ['--org-role', ORG_ROLE]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.snapshot!.gaps, JSON.stringify(r.snapshot!.gaps)).toEqual([]);
    expectMatchesTruth(r.snapshot!, aws, 30, aws.truth.accounts.map((a) => a.id));
    // The summary names the unmeasured buckets with the exact command to enable metrics.
    const unmeasured = r.snapshot!.buckets.find((b) => b.metricsConfigurations.length === 0)!;
    expect(r.stdout).toContain('without');
    expect(r.stdout).toMatch(/aws s3api put-bucket-metrics-configuration --bucket \S+ --id EntireBucket --metrics-configuration Id=EntireBucket --region [a-z0-9-]+/);
    expect(r.stdout).toContain('trailcost sample');
    expect(unmeasured).toBeDefined();
    // RecursiveLogging as DescribeTrails gives it: true, false, or absent (older API versions) = unknown, not false.
    const trail = (name: string) => r.snapshot!.trails.find((t) => t.name === name)!;
    expect(trail('org-trail').recursiveLogging).toBe(true);
    expect(trail('bucket-writes').recursiveLogging).toBe(false);
    expect(r.snapshot!.trails.some((t) => !('recursiveLogging' in t))).toBe(true);
    baseline = r.snapshot!;
  }, 60_000);

  it('reads Insights on data events (InsightSelectors with EventCategories) apart from Insights on management events', async () => {
    await withFake({ seed: { seed: 3, dataInsights: true } }, async (fake) => {
      const r = await scan(fake, 'data-insights', ['--org-role', ORG_ROLE]);
      expect(r.code).toBe(0);
      expectMatchesTruth(r.snapshot!, fake, 30, fake.truth.accounts.map((a) => a.id));
      const t = r.snapshot!.trails.find((x) => x.name === 'bucket-writes')!;
      expect(t.insights).toEqual(['ApiCallRateInsight']);
      expect(t.dataInsights).toEqual(['ApiCallRateInsight']);
      // Without EventCategories a selector means management events only: the baseline trail has no dataInsights.
      expect(baseline.trails.find((x) => x.name === 'bucket-writes')!.dataInsights).toBeUndefined();
    });
  }, 60_000);

  it('gives the identical snapshot with 30% of requests throttled', async () => {
    aws.faults.throttleRate = 0.3;
    aws.resetStats();
    try {
      const r = await scan(aws, 'throttled', ['--org-role', ORG_ROLE]);
      expect(r.code).toBe(0);
      expect(content(r.snapshot!)).toEqual(content(baseline));
      expect(r.stdout).toMatch(/API calls [\d,]+ \([\d,]+ HTTP attempts/);
      const [, calls, attempts] = /API calls ([\d,]+) \(([\d,]+) HTTP attempts/.exec(r.stdout)!.map((x) => Number(x.replace(/,/g, '')));
      expect(attempts).toBeGreaterThan(calls);
    } finally {
      aws.faults.throttleRate = 0;
    }
  }, 120_000);

  it('gives the identical snapshot with 5xx answers and dropped connections', async () => {
    aws.faults.errorRate = 0.1;
    aws.faults.dropRate = 0.05;
    try {
      const r = await scan(aws, 'flaky', ['--org-role', ORG_ROLE]);
      expect(r.code).toBe(0);
      expect(content(r.snapshot!)).toEqual(content(baseline));
    } finally {
      aws.faults.errorRate = 0;
      aws.faults.dropRate = 0;
    }
  }, 120_000);

  it('with one Region denied: exits 3, lists the gaps, and keeps everything else', async () => {
    aws.faults.denyRegions = ['eu-west-1'];
    try {
      const r = await scan(aws, 'denied', ['--org-role', ORG_ROLE]);
      expect(r.code).toBe(3);
      const s = r.snapshot!;
      expect(s.gaps.length).toBeGreaterThan(0);
      expect(s.gaps.every((g) => g.region === 'eu-west-1' && /AccessDenied/.test(g.error))).toBe(true);
      expect(s.gaps.map((g) => g.operation)).toEqual(expect.arrayContaining(['ListFunctions', 'ListTables', 'ListBucketMetricsConfigurations']));
      expect(r.stderr).toMatch(/could not be read/);
      expect(r.stderr).toMatch(/lambda ListFunctions account \d{12} eu-west-1.*AccessDenied/);
      // Other Regions are complete.
      expect(s.functions.filter((f) => f.region !== 'eu-west-1')).toEqual(baseline.functions.filter((f) => f.region !== 'eu-west-1'));
      expect(s.functions.some((f) => f.region === 'eu-west-1')).toBe(false);
      expect(s.measurements.filter((m) => m.region !== 'eu-west-1')).toEqual(baseline.measurements.filter((m) => m.region !== 'eu-west-1'));
      expect(s.billing).toEqual(baseline.billing);
      // Denied buckets are reported as unreadable, not as buckets to enable metrics on.
      expect(r.stdout).toMatch(/\d+ unreadable \(see gaps\)/);
      expect(r.stdout).not.toMatch(/put-bucket-metrics-configuration .* --region eu-west-1/);
    } finally {
      aws.faults.denyRegions = [];
    }
  }, 60_000);

  it('records an opt-in Region that is not enabled as a gap (exit 3)', async () => {
    aws.faults.disabledRegions = ['af-south-1'];
    try {
      const r = await scan(aws, 'optin', ['--regions', 'us-east-1,af-south-1', '--no-billing']);
      expect(r.code).toBe(3);
      const g = r.snapshot!.gaps.filter((x) => x.region === 'af-south-1');
      expect(g.length).toBeGreaterThan(0);
      expect(g[0].message).toMatch(/opt-in Region/);
      expect(r.snapshot!.functions.filter((f) => f.region === 'us-east-1').length).toBeGreaterThan(0);
    } finally {
      aws.faults.disabledRegions = [];
    }
  }, 60_000);

  it('--dry-run prints the plan with call counts and the scan\'s own cost, and writes nothing', async () => {
    const out = join(dir, 'dry.json');
    const r = await runCli(['scan', '--dry-run', '--org-role', ORG_ROLE, '--out', out], cleanEnv(aws.env));
    expect(r.code).toBe(0);
    const metrics = baseline.measurements.length;
    expect(r.stdout).toMatch(new RegExp(`\\n  total\\s+${metrics.toLocaleString('en-US')}\\n`));
    expect(r.stdout).toMatch(/CloudWatch:GetMetricData\s+\d+/);
    expect(r.stdout).toMatch(/S3:ListBucketMetricsConfigurations\s+240/);
    expect(r.stdout).toContain(`$${((metrics / 1000) * 0.01).toFixed(2)}`);
    expect(r.stdout).toMatch(/Cost Explorer\s+1 request/);
    expect(existsSync(out)).toBe(false);
  }, 60_000);
});

describe('paging at every page boundary', () => {
  for (const pageSize of [1, 2, 3, 7]) {
    it(`page size ${pageSize}: the snapshot still equals the truth`, async () => {
      await withFake({ seed: { seed: 5, buckets: 14, functions: 7, tables: 5 }, pageSize }, async (aws) => {
        const r = await scan(aws, `paged-${pageSize}`, ['--org-role', ORG_ROLE, '--days', '3']);
        expect(r.stderr).toBe('');
        expect(r.code).toBe(0);
        expectMatchesTruth(r.snapshot!, aws, 3, aws.truth.accounts.map((a) => a.id));
        // Paged operations really paged.
        // 3 accounts × 3 Regions: more calls than places means pages were followed.
        expect(aws.stats['monitoring:GetMetricData']).toBeGreaterThan(9);
        if (pageSize <= 3) expect(aws.stats['s3:ListBuckets']).toBeGreaterThan(3);
        if (pageSize <= 2) expect(aws.stats['lambda:ListFunctions'] + aws.stats['dynamodb:ListTables']).toBeGreaterThan(18);
      });
    }, 60_000);
  }
});

describe('credentials', () => {
  it('no credentials: exit 2 before any AWS call, naming the profile and hinting aws sso login', async () => {
    await withFake({ seed: { buckets: 3 } }, async (aws) => {
      const out = join(dir, 'nocreds.json');
      writeFileSync(out, 'previous content');
      const r = await runCli(['scan', '--out', out, '--profile', 'prod-admin'], cleanEnv({ AWS_ENDPOINT_URL: aws.endpoint, AWS_REGION: 'us-east-1' }));
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/^trailcost: no usable AWS credentials for profile "prod-admin"/);
      expect(r.stderr).toContain('aws sso login --profile prod-admin');
      expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
      expect(aws.stats.total).toBe(0);
      expect(readFileSync(out, 'utf8')).toBe('previous content');
    });
  }, 60_000);

  it('an --out directory that does not exist: exit 2 before any AWS call', async () => {
    await withFake({ seed: { buckets: 3 } }, async (aws) => {
      const r = await runCli(['scan', '--out', join(dir, 'missing-dir', 'x.json')], cleanEnv(aws.env));
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/^trailcost: --out .*missing-dir.*does not exist or is not writable/);
      expect(aws.stats.total).toBe(0);
    });
  }, 60_000);

  it('no Region anywhere: exit 2 asking for --region', async () => {
    await withFake({ seed: { buckets: 3 } }, async (aws) => {
      const { AWS_REGION: _r, ...env } = aws.env;
      const r = await runCli(['scan', '--out', join(dir, 'noregion.json')], cleanEnv(env));
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/^trailcost: no AWS Region configured for profile "default": pass --region/);
    });
  }, 60_000);

  it('rejected keys: exit 2 with the STS error', async () => {
    await withFake({ seed: { buckets: 3 } }, async (aws) => {
      const r = await runCli(['scan', '--out', join(dir, 'bad.json')], cleanEnv({ ...aws.env, AWS_ACCESS_KEY_ID: 'AKIAUNKNOWN' }));
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/rejected by STS \(InvalidClientTokenId/);
      expect(Object.keys(aws.stats).filter((k) => k !== 'total')).toEqual(['sts:GetCallerIdentity']);
    });
  }, 60_000);
});

describe('denied operations', () => {
  it('AssumeRole and Cost Explorer denied: the caller\'s account is still read, members and billing are gaps', async () => {
    await withFake({ seed: { seed: 6, buckets: 12, functions: 4, tables: 3 }, faults: { denyOperations: ['sts:AssumeRole', 'ce:GetCostAndUsage'] } }, async (aws) => {
      const r = await scan(aws, 'denied-ops', ['--org-role', ORG_ROLE]);
      expect(r.code).toBe(3);
      const s = r.snapshot!;
      const mgmt = aws.truth.organization.managementAccount;
      expect(s.accounts.map((a) => a.id)).toEqual([mgmt]);
      expect(s.billing).toEqual([]);
      const members = aws.truth.accounts.filter((a) => a.id !== mgmt).map((a) => a.id);
      expect(s.gaps.filter((g) => g.operation === 'AssumeRole').map((g) => g.account).sort()).toEqual(members.sort());
      expect(s.gaps.some((g) => g.service === 'ce' && g.error === 'AccessDeniedException')).toBe(true);
      expectMatchesTruth({ ...s, billing: [] }, { ...aws, truth: { ...aws.truth, billing: () => [] } } as FakeAws, 30, [mgmt]);
    });
  }, 60_000);
});

describe('interrupted scan', () => {
  it('Ctrl-C mid-scan leaves the previous snapshot untouched and no temp file', async () => {
    await withFake({ seed: { buckets: 600 }, latencyMs: 30 }, async (aws) => {
      const outDir = mkdtempSync(join(tmpdir(), 'trailcost-int-'));
      const out = join(outDir, 'snap.json');
      writeFileSync(out, '{"previous": true}');
      const { child, done } = startCli(['scan', '--out', out, '--org-role', ORG_ROLE, '--concurrency', '2'], cleanEnv(aws.env));
      // Wait until the scan is well into listing metrics configurations, then interrupt it.
      while ((aws.stats['s3:ListBucketMetricsConfigurations'] ?? 0) < 20) await new Promise((r) => setTimeout(r, 25));
      child.kill('SIGINT');
      const r = await done;
      expect(r.code).toBe(130);
      expect(r.stderr).toContain('scan interrupted; no snapshot written');
      expect(readFileSync(out, 'utf8')).toBe('{"previous": true}');
      expect(readdirSync(outDir)).toEqual(['snap.json']);
    });
  }, 60_000);
});
