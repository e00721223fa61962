/**
 * `trailcost` with no command: the interactive TUI when stdout is a terminal, else the overview report (exit 0).
 * Registered as commander's hidden default command so `trailcost --scenario F` works and every other command
 * keeps its own options.
 */
import type { Command } from 'commander';
import { resolve } from 'node:path';
import { loadInput } from '../../app/load-input.js';
import { UsageError } from '../../errors.js';

export function register(program: Command): void {
  const tui = program
    .command('tui', { isDefault: true, hidden: true })
    .description('the interactive view (also what `trailcost` with no command opens)')
    .option('--scenario <file>', 'scenario YAML (default: the bundled demo)')
    .option('--snapshot <file>', 'snapshot JSON from `trailcost scan`')
    .option('--out-dir <dir>', 'where `e` writes selector files', '.')
    .action(async (opts: { scenario?: string; snapshot?: string; outDir: string }) => {
      const timing = process.env.TRAILCOST_TIMING ? (what: string) => process.stderr.write(`${what} ${Math.round(performance.now())} ms\n`) : () => {};
      timing('command start');
      const tty = process.stdout.isTTY === true;
      // Start loading the UI code while the input is read and parsed (the other commands never load it).
      const ui = tty ? Promise.all([import('../../tui/run.js'), import('../../tui/persist.js'), import('../../tui/decisions.js')]) : null;
      // The optimizer worker loads the input itself: start it now, so it reads the file while this thread does.
      const optimizer = tty && process.stdin.isTTY ? import('../../app/worker/remote-optimizer.js').then((m) => m.workerRunner({ scenario: opts.scenario, snapshot: opts.snapshot })) : null;
      optimizer?.catch(() => {});
      const sessionModule = import('../../tui/session.js');
      // Awaited below; an early failure must not be reported as unhandled meanwhile.
      ui?.catch(() => {});
      sessionModule.catch(() => {});
      let input;
      try {
        input = await loadInput({ scenario: opts.scenario, snapshot: opts.snapshot });
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
        onFirstFrame: () => timing('first frame'),
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
      'overview report instead. Options of that view:',
      ...opts.map(([f, d]) => `  ${f.padEnd(w)}  ${d}`),
      '',
      'The --json (or --output json) of estimate, compare, optimize, lint and match carries "schemaVersion"; its',
      'JSON Schema is schema/<command>.schema.json.',
    ].join('\n');
  });
}
