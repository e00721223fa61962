import { Command, CommanderError } from 'commander';
import { UsageError, exitCodes } from './errors.js';

/** Each command file exports a `register(program)`; adding a command means adding one line here. */
const commands: Array<() => Promise<{ register: (p: Command) => void }>> = [
  () => import('./commands/estimate.js'),
  () => import('./commands/compare.js'),
  () => import('./commands/optimize.js'),
  () => import('./commands/lint.js'),
  () => import('./commands/match.js'),
  () => import('./commands/scan.js'),
  () => import('./commands/sample.js'),
  () => import('./commands/apply.js'),
  // No command: the TUI (or the overview report when stdout is not a terminal).
  () => import('./commands/default.js'),
];

export async function run(argv: string[]): Promise<number> {
  const program = new Command('trailcost')
    .description('What your CloudTrail data events cost, and selectors that cut it without losing what is sensitive.')
    .exitOverride()
    .showHelpAfterError('(run with --help for usage)');
  for (const load of commands) (await load()).register(program);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : exitCodes.ok;
  } catch (err) {
    if (err instanceof CommanderError) {
      return err.exitCode === 0 ? exitCodes.ok : exitCodes.usage;
    }
    if (err instanceof UsageError) {
      process.stderr.write(`trailcost: ${err.message}\n`);
      return exitCodes.usage;
    }
    throw err;
  }
}
