/**
 * The default command's live start (`trailcost --profile P`, `--org-role R`, `--live`): flags checked and
 * credentials checked first (exit 2 before anything is drawn), the kept snapshot looked up; then the live view
 * (tui/live) when stdout is a terminal, else the scan with its progress on stderr and the overview report.
 * Wiring only: scanning and keeping are app/live-scan's, the views tui/live's.
 */
import { resolve } from 'node:path';
import { UsageError, exitCodes } from '../errors.js';
import { checkOutDir, endpointUrlFlag } from './flags.js';
import { REGION_RE } from '../collect/regions.js';
import { terminalSafe } from '../report/terminal-text.js';
import type { Kept, LiveOptions } from '../app/live-scan.js';

export interface LiveFlags {
  scenario?: string;
  snapshot?: string;
  outDir: string;
  profile?: string;
  live?: boolean;
  orgRole?: string;
  regions?: string;
  region?: string;
  endpointUrl?: string;
  rescan?: boolean;
  snapshotOut?: string;
}

type Timing = (what: string) => void;

/** The flags that only mean something on a live start, by option name. */
const LIVE_ONLY: Array<[keyof LiveFlags, string]> = [
  ['regions', '--regions'], ['region', '--region'], ['endpointUrl', '--endpoint-url'], ['rescan', '--rescan'], ['snapshotOut', '--snapshot-out'],
];

export function isLive(f: LiveFlags): boolean {
  return f.profile !== undefined || f.orgRole !== undefined || f.live === true;
}

/** The flags as scan options, checked before any call (bad values exit 2). */
export function liveOptions(f: LiveFlags): LiveOptions {
  if (!isLive(f)) {
    const given = LIVE_ONLY.find(([k]) => f[k] !== undefined && f[k] !== false);
    throw new UsageError(`${given?.[1] ?? 'this option'} goes with a live start: add --profile NAME, --org-role ROLE or --live`);
  }
  if (f.snapshot) throw new UsageError('--snapshot opens a file; --profile, --org-role and --live scan (the snapshot is kept; --snapshot-out names where): give one or the other');
  if (f.region && !REGION_RE.test(f.region)) throw new UsageError(`--region: "${terminalSafe(f.region)}" is not a Region code such as us-east-1`);
  let regions: string[] | 'all' | undefined;
  if (f.regions !== undefined) {
    if (f.regions.trim() === 'all') regions = 'all';
    else {
      regions = f.regions.split(',').map((r) => r.trim()).filter(Boolean);
      const bad = regions.find((r) => !REGION_RE.test(r));
      if (bad !== undefined || regions.length === 0) throw new UsageError(`--regions: "${terminalSafe(bad ?? f.regions)}" is not a Region code such as us-east-1 (or "all")`);
    }
  }
  if (f.snapshotOut) checkOutDir(f.snapshotOut);
  return {
    profile: f.profile, region: f.region, regions, orgRole: f.orgRole, endpoint: endpointUrlFlag(f.endpointUrl),
    days: 30, billing: true, concurrency: 16, maxAttempts: 8, ...(f.snapshotOut ? { snapshotOut: f.snapshotOut } : {}),
  };
}

/** What is scanned, in words (the progress view's title). */
function describe(f: LiveFlags, account: string): string {
  const who = f.profile ? `profile ${f.profile}` : 'default credentials';
  return [who, `account ${account}`, f.orgRole ? `org role ${f.orgRole}` : null, f.regions ? `Regions ${f.regions}` : null].filter(Boolean).join(' · ');
}

export async function runLive(f: LiveFlags, timing: Timing): Promise<void> {
  const opts = liveOptions(f);
  const tty = process.stdout.isTTY === true;
  if (tty && !process.stdin.isTTY) throw new UsageError('the interactive view needs a terminal on stdin (pipe stdout to get the report instead)');
  const live = await import('../app/live-scan.js');
  // Credentials first: missing or expired ones end here with what to do, before the screen changes.
  const identity = await live.checkCredentials(opts);
  timing('credentials checked');
  const file = live.keptPath(identity.account, opts);
  let kept: Kept | null = null;
  let note: string | undefined;
  if (!f.rescan) {
    try {
      kept = await live.readKept(file);
    } catch (err) {
      // A file the user named is theirs: not overwritten when it does not load. The cache's own is scanned again.
      if (opts.snapshotOut) throw err;
      note = `the kept snapshot did not load, scanning again: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`;
    }
  }
  const scenario = f.scenario ? resolve(f.scenario) : undefined;
  if (scenario) await live.checkScenario(scenario);
  if (!tty) return report(opts, file, kept, scenario);

  const [{ runLiveTui }, { createSession }, { workerRunner }, { writeExport }, { decisionSaver }] = await Promise.all([
    import('../tui/live/run-live.js'), import('../tui/session.js'), import('../app/worker/remote-optimizer.js'), import('../tui/persist.js'), import('../tui/decisions.js'),
  ]);
  const outDir = resolve(f.outDir);
  let current = scenario;
  let scanning = false;
  await runLiveTui({
    start: {
      title: describe(f, identity.account),
      kept,
      note,
      scan: async (progress) => (await live.scanAndKeep(opts, file, progress)).kept,
      open: async (k) => {
        const input = await live.liveInput(k, current);
        // The optimizer runs in a worker (handed this input) only when there is a policy to optimize for.
        const optimizer = input.policy ? workerRunner(input.kind === 'scenario' ? { scenario: input.file } : { snapshot: input.file }, { input }) : undefined;
        const session = createSession(input, { optimizer });
        // Here the way to a policy is one key away: say so instead of pointing at a file to write by hand.
        if (!input.policy) session.decisionsDisabled = 'no policy yet, so decisions change nothing: i writes a scenario with suggestions and opens it';
        const save = decisionSaver(input);
        return {
          session,
          name: input.name,
          policy: input.policy !== null,
          edges: {
            exportSelectors: async (trail, format, text) => writeExport(outDir, trail, format, text),
            saveDecisions: async (d) => save(d),
          },
        };
      },
      suggest: async (k) => {
        const r = await live.writeSuggestedScenario(k, outDir);
        current = r.file;
        return r.summary;
      },
    },
    onFirstFrame: () => timing('live first frame'),
    onViewReady: () => timing('view ready'),
    onScan: (s) => {
      scanning = s === 'start';
      timing(`scan ${s}`);
    },
  });
  if (scanning) {
    // The scan's requests would keep the process alive; nothing was kept (the snapshot is written only when done).
    process.stderr.write('trailcost: quit while scanning; no snapshot kept\n');
    process.exit(process.exitCode ?? 0);
  }
}

/** Not a terminal: the overview report of the kept or freshly scanned snapshot; progress and notes on stderr. */
async function report(opts: LiveOptions, file: string, kept: Kept | null, scenario: string | undefined): Promise<void> {
  const live = await import('../app/live-scan.js');
  const now = new Date();
  if (kept) {
    process.stderr.write(`trailcost: using the snapshot kept at ${terminalSafe(file)} (${live.ageText(kept.generatedAt, now)}; --rescan scans again)\n`);
  } else {
    const { stderrProgress } = await import('../collect/progress.js');
    kept = (await live.scanAndKeep(opts, file, stderrProgress(), now)).kept;
    process.stderr.write(`trailcost: scanned; the snapshot is kept at ${terminalSafe(file)}\n`);
  }
  const [{ createSession }, { printOverview }] = await Promise.all([import('../tui/session.js'), import('../tui/overview-report.js')]);
  const session = createSession(await live.liveInput(kept, scenario));
  const vm = (await session.view().settled?.()) ?? session.view();
  session.close?.();
  process.stdout.write(printOverview(vm, session.result()));
  const gaps = kept.snapshot.gaps;
  if (gaps.length) {
    process.stderr.write(`trailcost: ${gaps.length} part(s) of the account could not be read (listed under "gaps" in the snapshot and in the warnings above)\n`);
    process.exitCode = exitCodes.partial;
  }
}
