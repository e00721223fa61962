/**
 * `--output json|table`, spelled as the AWS CLI spells it, wherever a command has `--json`: the same switch under
 * the name scripts already use. `--json`, `--output` and `--format` must agree when more than one is given.
 */
import { Option } from 'commander';
import { UsageError } from '../errors.js';

export const OUTPUTS = ['json', 'table'] as const;
export type Output = (typeof OUTPUTS)[number];

export function outputOption(): Option {
  return new Option('--output <output>', 'json or table, as the AWS CLI spells it (--output json = --json)').choices(OUTPUTS as unknown as string[]);
}

/**
 * The format asked for by `--json`, `--output` and `--format` together (null: none of them given). Any two that
 * name different formats are a usage error.
 */
export function chosenFormat<F extends string>(o: { json?: boolean; output?: Output; format?: F }): F | 'json' | 'table' | null {
  const asked: Array<[string, string]> = [];
  if (o.json) asked.push(['--json', 'json']);
  if (o.output) asked.push([`--output ${o.output}`, o.output]);
  if (o.format) asked.push([`--format ${o.format}`, o.format]);
  const differ = asked.find(([, f]) => f !== asked[0][1]);
  if (differ) {
    // The message callers and tests know for the common case.
    if (o.json && o.format) throw new UsageError('give --json or --format, not both');
    throw new UsageError(`${asked[0][0]} and ${differ[0]} ask for different outputs: give one`);
  }
  return asked.length > 0 ? (asked[0][1] as F | 'json' | 'table') : null;
}
