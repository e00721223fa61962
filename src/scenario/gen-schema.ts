/**
 * Writes schema/scenario.schema.json (and schema/snapshot.schema.json) from the zod schemas, so editors validate
 * scenario files (`# yaml-language-server: $schema=../schema/scenario.schema.json`), and one schema per `--json`
 * output (schema/estimate.schema.json, compare, optimize, lint, match, diff) from the contracts in report/contracts.ts:
 *   npx tsx src/scenario/gen-schema.ts            (all of them)
 *   npx tsx src/scenario/gen-schema.ts outputs    (the output schemas only)
 * Tests check the shipped files are up to date.
 */
import { renameSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { SnapshotSchema } from '../model/snapshot.js';
import { ScenarioSchema } from './schema.js';
import { OUTPUT_CONTRACTS } from '../report/contracts.js';

export function scenarioJsonSchema(): string {
  const s = z.toJSONSchema(ScenarioSchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return `${JSON.stringify({ ...s, $id: 'https://trailcost.dev/schema/scenario.schema.json', title: 'trailcost scenario' }, null, 2)}\n`;
}

export function snapshotJsonSchema(): string {
  const s = z.toJSONSchema(SnapshotSchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return `${JSON.stringify({ ...s, $id: 'https://trailcost.dev/schema/snapshot.schema.json', title: 'trailcost snapshot' }, null, 2)}\n`;
}

export type OutputName = keyof typeof OUTPUT_CONTRACTS;
export const OUTPUT_NAMES = Object.keys(OUTPUT_CONTRACTS) as OutputName[];

/** The JSON Schema of what `trailcost <name> --json` prints (what the command's output is parsed with in tests). */
export function outputJsonSchema(name: OutputName): string {
  const s = z.toJSONSchema(OUTPUT_CONTRACTS[name], { io: 'output', unrepresentable: 'any' }) as Record<string, unknown>;
  return `${JSON.stringify({ ...s, $id: `https://trailcost.dev/schema/${name}.schema.json` }, null, 2)}\n`;
}

function write(file: string, text: string): void {
  writeFileSync(`${file}.tmp`, text);
  renameSync(`${file}.tmp`, file);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const wrote: string[] = [];
  const put = (name: string, text: string) => {
    write(fileURLToPath(new URL(`../../schema/${name}.schema.json`, import.meta.url)), text);
    wrote.push(`schema/${name}.schema.json`);
  };
  if (process.argv[2] !== 'outputs') {
    put('scenario', scenarioJsonSchema());
    put('snapshot', snapshotJsonSchema());
  }
  for (const name of OUTPUT_NAMES) put(name, outputJsonSchema(name));
  console.log(`wrote ${wrote.join(', ')}`);
}
