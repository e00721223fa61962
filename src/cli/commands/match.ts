import type { Command } from 'commander';
import { UsageError } from '../errors.js';

// Placeholder until the command is built; replaced by its own issue's work.
export function register(program: Command): void {
  program
    .command('match')
    .description('(not built yet)')
    .allowUnknownOption()
    .action(() => {
      throw new UsageError('match is not built yet');
    });
}
