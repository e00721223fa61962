import { Command, CommanderError, Help } from 'commander';
import { readFileSync } from 'node:fs';
import { UsageError, exitCodes } from '../errors.js';
import { terminalSafeBlock } from '../report/terminal-text.js';
import { commandSummaries } from './command-summaries.js';

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
  init: () => import('./commands/init.js'),
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

/** The commands `trailcost` has (test/cli/root-help.test.ts checks command-summaries.ts against them). */
export const commandNames = (): string[] => Object.keys(commands);

/** `trailcost --help`, `-h` or `help` alone: the root page, which lists every command. */
function isRootHelp(argv: string[]): boolean {
  return argv.length === 1 && (argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help');
}

/**
 * The root page's command list from command-summaries.ts, without loading a command: a stub per command with its
 * description, listed under its usage term. False (nothing registered) when a command has no summary.
 */
function registerSummaries(program: Command): boolean {
  const names = Object.keys(commands);
  if (!names.every((n) => n in commandSummaries)) return false;
  for (const n of names) program.command(n).description(commandSummaries[n].description);
  const help = new Help();
  program.configureHelp({ subcommandTerm: (cmd) => (cmd.name() in commands ? commandSummaries[cmd.name()].term : help.subcommandTerm(cmd)) });
  return true;
}

/** The version in package.json (the same two folders up from src/cli/ and from the build's dist/cli/). */
function version(): string {
  return (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
}

/** `fullHelp`: the root help from the commands themselves, not their summaries (for the test that compares them). */
export async function run(argv: string[], opts: { fullHelp?: boolean } = {}): Promise<number> {
  const program = new Command('trailcost')
    .description('What your CloudTrail data events cost, and selectors that cut it without losing what is sensitive.')
    .version(version(), '-V, --version', 'print the version')
    .exitOverride()
    // Parser errors read like every other trailcost error (subcommands inherit this).
    .configureOutput({ outputError: (str, write) => write(`trailcost: ${terminalSafeBlock(str.replace(/^error: /, ''))}`) })
    .showHelpAfterError('(run with --help for usage)');
  try {
    if (isRootHelp(argv) && !opts.fullHelp && registerSummaries(program)) (await defaultCommand()).register(program);
    else for (const load of loadersFor(argv)) (await load()).register(program);
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
