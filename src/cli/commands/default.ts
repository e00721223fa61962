/**
 * `trailcost` with no command: the interactive TUI when stdout is a terminal, else the overview report (exit 0).
 * Registered as commander's hidden default command so `trailcost --scenario F` works and every other command
 * keeps its own options.
 */
import type { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { UsageError } from '../../errors.js';

/** CPU time (user + system) this thread has used, in ms, on Linux (/proc); null elsewhere. */
function threadCpuMs(): number | null {
  try {
    const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
    // Fields after the command name: state is the 3rd field, utime and stime the 14th and 15th, in 1/100 s.
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) * 10;
  } catch {
    return null;
  }
}

export function register(program: Command): void {
  const tui = program
    .command('tui', { isDefault: true, hidden: true })
    .description('the interactive view (also what `trailcost` with no command opens)')
    .option('--scenario <file>', 'scenario YAML (default: the bundled demo)')
    .option('--snapshot <file>', 'snapshot JSON from `trailcost scan`')
    .option('--out-dir <dir>', 'where `e` writes selector files (and `i`, on a live start, the scenario)', '.')
    .option('--profile <name>', 'live start: scan this AWS profile\'s account inside the view (the snapshot is kept; r rescans)')
    .option('--org-role <name>', 'live start: read every account of the organization through this role (from the management account)')
    .option('--live', 'live start with the SDK\'s default credentials (env, AWS_PROFILE, SSO, instance role)')
    .option('--regions <list>', 'live start: comma-separated Regions to read, or "all" (default: as `trailcost scan`)')
    .option('--region <region>', 'live start: Region for global calls (default: the profile\'s / AWS_REGION)')
    .option('--endpoint-url <url>', 'live start: send every AWS request to this URL (a local emulator, a VPC endpoint or proxy)')
    .option('--rescan', 'live start: scan even when a kept snapshot exists')
    .option('--snapshot-out <file>', 'live start: keep the snapshot in this file (default: ~/.cache/trailcost/ACCOUNT[.org].snapshot.json; $XDG_CACHE_HOME moves it)')
    .action(async (opts: { scenario?: string; snapshot?: string; outDir: string; profile?: string; orgRole?: string; live?: boolean; regions?: string; region?: string; endpointUrl?: string; rescan?: boolean; snapshotOut?: string }) => {
      const timing = process.env.TRAILCOST_TIMING ? (what: string, at = ` ${Math.round(performance.now())}`) => process.stderr.write(`${what}${at} ms\n`) : () => {};
      timing('command start');
      // A live flag (or one that only goes with them): scan in the view (cli/live.ts). Without one, AWS is never called.
      if ([opts.profile, opts.orgRole, opts.live, opts.regions, opts.region, opts.endpointUrl, opts.rescan, opts.snapshotOut].some((v) => v !== undefined)) {
        return (await import('../live.js')).runLive(opts, (what) => timing(what));
      }
      const tty = process.stdout.isTTY === true;
      // Imported here, not at the top: the root help loads this module for its options and must stay cheap.
      const loading = import('../../app/load-input.js').then((m) => m.loadInput({ scenario: opts.scenario, snapshot: opts.snapshot }));
      // Start loading the UI code while the input is read and parsed (the other commands never load it).
      const ui = tty ? Promise.all([import('../../tui/run.js'), import('../../tui/persist.js'), import('../../tui/decisions.js')]) : null;
      // The optimizer worker starts now (its code loads on the other core while this thread reads the input) and
      // is handed the input this thread loads.
      const optimizer = tty && process.stdin.isTTY
        ? import('../../app/worker/remote-optimizer.js').then((m) => m.workerRunner({ scenario: opts.scenario, snapshot: opts.snapshot }, { input: loading }))
        : null;
      optimizer?.catch(() => {});
      const sessionModule = import('../../tui/session.js');
      // Awaited below; an early failure must not be reported as unhandled meanwhile.
      ui?.catch(() => {});
      sessionModule.catch(() => {});
      loading.catch(() => {});
      let input;
      try {
        input = await loading;
      } catch (err) {
        (await optimizer?.catch(() => null))?.close();
        throw err;
      }
      timing('input loaded');
      const { createSession } = await sessionModule;
      if (!tty || !ui) {
        const session = createSession(input);
        timing('session ready');
        const { printOverview } = await import('../../tui/overview-report.js');
        // The report shows the proposal, not "optimizing": wait for it (the in-process optimizer; no worker here).
        const vm = (await session.view().settled?.()) ?? session.view();
        session.close?.();
        process.stdout.write(printOverview(vm, session.result()));
        return;
      }
      if (!process.stdin.isTTY) throw new UsageError('the interactive view needs a terminal on stdin (pipe stdout to get the report instead)');
      const [{ runTui }, { writeExport }, { decisionSaver }] = await ui;
      timing('ui loaded');
      // The optimizer runs in that worker: seconds of work on a large inventory never block a key.
      const session = createSession(input, { optimizer: (await optimizer) ?? undefined });
      timing('session ready');
      const outDir = resolve(opts.outDir);
      const saveDecisions = decisionSaver(input);
      await runTui({
        session,
        edges: {
          exportSelectors: async (trail, format, text) => writeExport(outDir, trail, format, text),
          saveDecisions: async (decisions) => saveDecisions(decisions),
        },
        onFirstFrame: () => {
          timing('first frame');
          // The wall time moves with the machine's load; this thread's CPU time to the first frame does not.
          const cpu = threadCpuMs();
          if (cpu !== null) timing(`main thread cpu to first frame ${cpu}`, '');
        },
      });
    });
  // The view's options are the root's in practice (`trailcost --scenario F`): the root help lists them, read
  // from the command itself so they never drift.
  program.addHelpText('after', () => {
    const opts = tui.options.map((o) => [o.flags, `${o.description}${o.defaultValue !== undefined ? ` (default: "${String(o.defaultValue)}")` : ''}`]);
    const w = Math.max(...opts.map(([f]) => f.length));
    return [
      '',
      'With no command, trailcost opens the interactive view on the demo; when stdout is not a terminal it prints the',
      'overview report instead. With --profile, --org-role or --live it first scans the account inside the view. Options:',
      ...opts.map(([f, d]) => `  ${f.padEnd(w)}  ${d}`),
      '',
      'The --json (or --output json) of estimate, compare, optimize, lint, match and diff carries "schemaVersion"; its',
      'JSON Schema is schema/<command>.schema.json.',
    ].join('\n');
  });
}
