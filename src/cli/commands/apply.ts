import type { Command } from 'commander';
import { UsageError } from '../errors.js';

// Placeholder until the command is built; replaced by its own issue's work.
export function register(program: Command): void {
  program
    .command('apply')
    .description('(not built yet)')
    .allowUnknownOption()
    .action(() => {
      throw new UsageError('apply is not built yet');
    });
}
