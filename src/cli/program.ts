import { Command, CommanderError } from 'commander';
import { readFileSync } from 'node:fs';
import { UsageError, exitCodes } from '../errors.js';
import { terminalSafeBlock } from '../report/terminal-text.js';

type Loader = () => Promise<{ register: (p: Command) => void }>;

/** Each command file exports a `register(program)`; adding a command means adding one line here. */
const commands: Record<string, Loader> = {
  estimate: () => import('./commands/estimate.js'),
  compare: () => import('./commands/compare.js'),
  optimize: () => import('./commands/optimize.js'),
  lint: () => import('./commands/lint.js'),
  match: () => import('./commands/match.js'),
  scan: () => import('./commands/scan.js'),
  sample: () => import('./commands/sample.js'),
  apply: () => import('./commands/apply.js'),
  diff: () => import('./commands/diff.js'),
};
// No command: the TUI (or the overview report when stdout is not a terminal).
const defaultCommand: Loader = () => import('./commands/default.js');

/**
 * Only the command being run is loaded (the AWS SDK alone costs ~0.4 s to import, and the TUI must open fast);
 * everything is loaded when the root help or an unknown word needs the full list.
 */
function loadersFor(argv: string[]): Loader[] {
  const first = argv[0];
  if (first !== undefined && first in commands) return [commands[first]];
  if (first !== undefined && first !== 'help' && !first.startsWith('-')) {
    throw new UsageError(`unknown command '${first}' (commands: ${Object.keys(commands).join(', ')}; run with --help for usage)`);
  }
  if (first === 'help' || argv.includes('--help') || argv.includes('-h')) {
    return [...Object.values(commands), defaultCommand];
  }
  return [defaultCommand];
}

/** The version in package.json (the same two folders up from src/cli/ and from the build's dist/cli/). */
function version(): string {
  return (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
}

export async function run(argv: string[]): Promise<number> {
  const program = new Command('trailcost')
    .description('What your CloudTrail data events cost, and selectors that cut it without losing what is sensitive.')
    .version(version(), '-V, --version', 'print the version')
    .exitOverride()
    // Parser errors read like every other trailcost error (subcommands inherit this).
    .configureOutput({ outputError: (str, write) => write(`trailcost: ${terminalSafeBlock(str.replace(/^error: /, ''))}`) })
    .showHelpAfterError('(run with --help for usage)');
  try {
    for (const load of loadersFor(argv)) (await load()).register(program);
    await program.parseAsync(argv, { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : exitCodes.ok;
  } catch (err) {
    if (err instanceof CommanderError) {
      return err.exitCode === 0 ? exitCodes.ok : exitCodes.usage;
    }
    if (err instanceof UsageError) {
      // Messages quote input values (a bucket name, a selector Name): shown with their controls escaped.
      process.stderr.write(`trailcost: ${terminalSafeBlock(err.message)}\n`);
      return exitCodes.usage;
    }
    throw err;
  }
}
