/**
 * The live start end to end: the real binary in a pseudo-terminal (tmux, 80×24) against the local AWS fake over
 * HTTP, with the fake's environment exported as a user would. From nothing to the organization on screen with the
 * scan's progress in between; the next start opens the kept snapshot with its age and calls nothing but the
 * credential check; `r` scans again. Bad credentials end before the screen changes (exit 2); without a terminal
 * the overview report is printed after the scan.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { hasTmux, TmuxSession } from './helpers/tmux.js';
import { startFakeAws, type FakeAws } from '../fake-aws/server.js';
import { runCli } from '../scan/run-cli.js';
import { SnapshotSchema } from '../../src/model/snapshot.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const bin = join(root, 'bin', 'trailcost.js');
const ROLE = 'OrganizationAccountAccessRole';
const tmux = hasTmux();

let aws: FakeAws;
const dirs: string[] = [];
const sessions: TmuxSession[] = [];
const tmp = (tag: string) => {
  const d = mkdtempSync(join(tmpdir(), `trailcost-live-${tag}-`));
  dirs.push(d);
  return d;
};

/** The fake's environment as a user exports it, and nothing of this machine's AWS setup. */
function liveEnv(cache: string, extra: Record<string, string> = {}): Record<string, string> {
  const home = tmp('home');
  return {
    ...aws.env,
    XDG_CACHE_HOME: cache,
    HOME: home,
    AWS_CONFIG_FILE: join(home, 'no-config'),
    AWS_SHARED_CREDENTIALS_FILE: join(home, 'no-credentials'),
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    TERM: 'xterm-256color',
    NO_COLOR: '1',
    ...extra,
  };
}

// Run from the checkout (tsx finds the project's tsconfig there when no build is current), files the view writes
// going to `outDir`; machine-wide AWS settings unset; Ink draws only the last frame when it thinks it runs in CI,
// so those variables are unset too. The exit status is printed.
const command = (outDir: string, args: string) =>
  `cd '${root}' && env -u CI -u CONTINUOUS_INTEGRATION -u BUILD_NUMBER -u RUN_ID -u AWS_PROFILE -u AWS_DEFAULT_PROFILE -u AWS_SESSION_TOKEN node '${bin}' --out-dir '${outDir}' ${args}; printf '__EXIT=%s\\n' $?`;

function start(tag: string, cwd: string, env: Record<string, string>, args = `--org-role ${ROLE}`): TmuxSession {
  const s = new TmuxSession(`live-${tag}`);
  sessions.push(s);
  s.start(command(cwd, args), 80, 24, env);
  return s;
}

/** Every screen seen until `pred` holds (the scan's frames go by fast: each is kept to look at afterwards). */
async function screensUntil(s: TmuxSession, pred: (x: string) => boolean, what: string, timeoutMs = 60_000): Promise<string[]> {
  const seen: string[] = [];
  const t0 = Date.now();
  for (;;) {
    const x = s.screen();
    if (seen.at(-1) !== x) seen.push(x);
    if (pred(x)) return seen;
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; screen:\n${x}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const calls = () => Object.keys(aws.stats).filter((k) => k !== 'total').sort();
const overview = (x: string) => x.includes('Top cost drivers');

beforeAll(async () => {
  // Latency per request: the scan takes a few seconds, as against AWS, so its progress can be watched.
  aws = await startFakeAws({ seed: { seed: 3 }, latencyMs: 20 });
});

afterAll(async () => {
  for (const s of sessions) s.kill();
  await aws?.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe.skipIf(!tmux)('the live start in a terminal (tmux, 80×24)', () => {
  const cache = () => cacheDir;
  let cacheDir = '';
  let cwd = '';
  beforeAll(() => {
    cacheDir = tmp('cache');
    cwd = tmp('cwd');
  });

  it('goes from nothing to the organization on screen, with the scan\'s progress per part and per account', async () => {
    aws.resetStats();
    const s = start('first', cwd, liveEnv(cache()));
    const seen = await screensUntil(s, overview, 'the Overview on the scanned organization');
    const progress = seen.filter((x) => x.includes('trailcost · scanning'));
    expect(progress.length).toBeGreaterThan(0);
    // The four parts and the account table, with every account of the organization, while the scan ran.
    const withAccounts = progress.find((x) => aws.truth.accounts.every((a) => x.includes(a.id)));
    expect(withAccounts, progress.at(-1)).toBeDefined();
    for (const part of ['inventory', 'trails', 'metrics', 'billing']) expect(withAccounts).toMatch(new RegExp(`[·▸✓] ${part}`));
    expect(withAccounts).toMatch(/account\s+Regions\s+inventory\s+trails\s+metrics\s+gaps/);
    expect(progress.some((x) => /✓ inventory\s+3\/3 accounts/.test(x))).toBe(true);
    for (const x of progress) expect(x.replace(/\n+$/, '').split('\n').length).toBeLessThanOrEqual(24);

    const screen = seen.at(-1)!;
    expect(screen.split('\n')[0]).toContain(`trailcost · ${aws.truth.organization.id}`);
    expect(screen.split('\n')[0]).toMatch(/just taken — r rescans/);
    // The organization's accounts in the Resources tree.
    // (Ink draws a frame before its key handlers are subscribed: a key sent in that instant would be lost.)
    await new Promise((r) => setTimeout(r, 200));
    s.send('2');
    const tree = await s.waitFor((x) => /resource\s+type\s+events\/mo/.test(x), 'the Resources tab');
    for (const a of aws.truth.accounts) expect(tree).toContain(`${a.name} (`);
    expect(calls()).toEqual(expect.arrayContaining(['organizations:ListAccounts', 'sts:AssumeRole', 'monitoring:GetMetricData', 'ce:GetCostAndUsage']));

    s.send('q');
    const end = await s.waitFor((x) => x.includes('__EXIT='), 'the program to exit');
    expect(end).toContain('__EXIT=0');
    const kept = join(cache(), 'trailcost', `${aws.truth.organization.managementAccount}.org.snapshot.json`);
    expect(existsSync(kept)).toBe(true);
    const snap = SnapshotSchema.parse(JSON.parse(readFileSync(kept, 'utf8')));
    expect(snap.accounts.map((a) => a.id)).toEqual(aws.truth.accounts.map((a) => a.id).sort());
    expect(snap.gaps).toEqual([]);
  }, 120_000);

  it('opens the kept snapshot on the next start with its age, calling only the credential check; r scans again', async () => {
    aws.resetStats();
    const s = start('second', cwd, liveEnv(cache()));
    const seen = await screensUntil(s, overview, 'the Overview on the kept snapshot');
    expect(seen.some((x) => x.includes('trailcost · scanning'))).toBe(false);
    expect(seen.at(-1)!.split('\n')[0]).toMatch(/(just taken|\d+ min old) — r rescans/);
    expect(calls()).toEqual(['sts:GetCallerIdentity']);

    await new Promise((r) => setTimeout(r, 200));
    s.send('r');
    const again = await screensUntil(s, (x) => overview(x) && !x.includes('scanning') && calls().includes('monitoring:GetMetricData'), 'the rescanned view');
    expect(again.some((x) => x.includes('trailcost · scanning') && x.includes('rescanning'))).toBe(true);
    expect(calls()).toEqual(expect.arrayContaining(['organizations:ListAccounts', 'monitoring:GetMetricData']));
    s.send('q');
    expect(await s.waitFor((x) => x.includes('__EXIT='), 'the program to exit')).toContain('__EXIT=0');
  }, 120_000);

  it('shows failed calls as the gaps they are: counted while scanning, listed in the Overview warnings, no crash', async () => {
    aws.faults.denyRegions = ['eu-west-1'];
    try {
      const s = start('gaps', cwd, liveEnv(tmp('cache')));
      const seen = await screensUntil(s, overview, 'the Overview despite the denied Region');
      expect(seen.some((x) => x.includes('trailcost · scanning') && /\d+ call\(s\) failed so far/.test(x))).toBe(true);
      await new Promise((r) => setTimeout(r, 200));
      s.send('Down');
      await s.waitFor((x) => x.includes('esc back'), 'the warnings pane');
      let pane = s.screen();
      for (let i = 0; i < 20 && !/not read by the scan: .*eu-west-1/.test(pane); i++) {
        s.send('NPage');
        await new Promise((r) => setTimeout(r, 150));
        pane = s.screen();
      }
      expect(pane).toMatch(/not read by the scan: .*eu-west-1/);
      s.send('q');
      expect(await s.waitFor((x) => x.includes('__EXIT='), 'the program to exit')).toContain('__EXIT=0');
    } finally {
      aws.faults.denyRegions = undefined;
    }
  }, 120_000);

  it('quits during the scan on q, keeping nothing', async () => {
    const cache = tmp('cache');
    const s = start('quit', cwd, liveEnv(cache));
    await s.waitFor((x) => x.includes('trailcost · scanning') && x.includes('Regions'), 'the progress view', 60_000);
    s.send('q');
    const end = await s.waitFor((x) => x.includes('__EXIT='), 'the program to exit');
    expect(end).toContain('__EXIT=0');
    expect(end).toContain('quit while scanning; no snapshot kept');
    expect(existsSync(join(cache, 'trailcost', `${aws.truth.organization.managementAccount}.org.snapshot.json`))).toBe(false);
  }, 90_000);

  it('stops before the screen changes when the credentials do not work (exit 2, with what to do)', async () => {
    const s = start('badcreds', cwd, liveEnv(tmp('cache'), { AWS_ACCESS_KEY_ID: 'AKIANOTKNOWNBYFAKE00' }));
    const end = await s.waitFor((x) => x.includes('__EXIT='), 'the program to exit', 60_000);
    expect(end).toContain('__EXIT=2');
    expect(end).toMatch(/rejected by STS/);
    expect(end).not.toContain('trailcost · scanning');
    expect(s.pane('#{alternate_on}')).toBe('0');
  }, 90_000);
});

if (!tmux) {
  describe('the live start in a terminal', () => {
    it.skip('SKIPPED: tmux is not installed; it drives the pseudo-terminal of this end-to-end test', () => {});
  });
}

describe('the live start without a terminal (stdout piped)', () => {
  it('scans (progress on stderr), keeps the snapshot, prints the overview; the next run reuses it', async () => {
    const cache = tmp('cache');
    aws.resetStats();
    const r = await runCli(['--org-role', ROLE], liveEnv(cache), tmp('cwd'));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`trailcost — ${aws.truth.organization.id}`);
    expect(r.stdout).toContain('Top cost drivers');
    expect(r.stderr).toMatch(/the snapshot is kept at .*\.org\.snapshot\.json/);
    expect(calls()).toContain('monitoring:GetMetricData');
    aws.resetStats();
    const again = await runCli(['--org-role', ROLE], liveEnv(cache), tmp('cwd'));
    expect(again.code).toBe(0);
    expect(again.stderr).toMatch(/using the snapshot kept at .*\(just taken; --rescan scans again\)/);
    expect(again.stdout).toBe(r.stdout);
    expect(calls()).toEqual(['sts:GetCallerIdentity']);
    // With a scenario (here `init`'s suggestions for the kept snapshot) its policy applies: a proposal is priced.
    expect(r.stdout).toMatch(/→ \?\/month proposed/);
    const kept = join(cache, 'trailcost', `${aws.truth.organization.managementAccount}.org.snapshot.json`);
    const scenario = join(tmp('scenario'), 'org.yaml');
    expect((await runCli(['init', '--snapshot', kept, '--out', scenario], liveEnv(cache))).code).toBe(0);
    const withPolicy = await runCli(['--org-role', ROLE, '--scenario', scenario], liveEnv(cache));
    expect(withPolicy.code, withPolicy.stderr).toBe(0);
    expect(withPolicy.stdout).toMatch(/→ \$[\d,.]+(–\$?[\d,.]+)?\/month proposed/);
  }, 120_000);

  it('exits 3 (partial) when calls failed, the report still printed with the gaps among its warnings', async () => {
    aws.faults.denyRegions = ['eu-west-1'];
    try {
      const r = await runCli(['--org-role', ROLE], liveEnv(tmp('cache')));
      expect(r.code, r.stderr).toBe(3);
      expect(r.stdout).toMatch(/not read by the scan: .*eu-west-1/);
      expect(r.stderr).toMatch(/\d+ part\(s\) of the account could not be read/);
    } finally {
      aws.faults.denyRegions = undefined;
    }
  }, 120_000);

  it('refuses live-only flags without a live start, and --snapshot with one (exit 2, nothing called)', async () => {
    aws.resetStats();
    const a = await runCli(['--regions', 'us-east-1'], liveEnv(tmp('cache')));
    expect(a.code).toBe(2);
    expect(a.stderr).toContain('--regions goes with a live start');
    const b = await runCli(['--live', '--snapshot', 'x.json'], liveEnv(tmp('cache')));
    expect(b.code).toBe(2);
    const c = await runCli(['--live', '--regions', 'moon-1'], liveEnv(tmp('cache')));
    expect(c.code).toBe(2);
    expect(c.stderr).toContain('not a Region code');
    expect(aws.stats.total).toBe(0);
  }, 60_000);
});
