/**
 * Writes schema/scenario.schema.json (and schema/snapshot.schema.json) from the zod schemas, so editors validate
 * scenario files (`# yaml-language-server: $schema=../schema/scenario.schema.json`):
 *   npx tsx src/scenario/gen-schema.ts
 * A test checks the shipped files are up to date.
 */
import { renameSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { SnapshotSchema } from '../model/snapshot.js';
import { ScenarioSchema } from './schema.js';

export function scenarioJsonSchema(): string {
  const s = z.toJSONSchema(ScenarioSchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return `${JSON.stringify({ ...s, $id: 'https://trailcost.dev/schema/scenario.schema.json', title: 'trailcost scenario' }, null, 2)}\n`;
}

export function snapshotJsonSchema(): string {
  const s = z.toJSONSchema(SnapshotSchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return `${JSON.stringify({ ...s, $id: 'https://trailcost.dev/schema/snapshot.schema.json', title: 'trailcost snapshot' }, null, 2)}\n`;
}

function write(file: string, text: string): void {
  writeFileSync(`${file}.tmp`, text);
  renameSync(`${file}.tmp`, file);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  write(fileURLToPath(new URL('../../schema/scenario.schema.json', import.meta.url)), scenarioJsonSchema());
  write(fileURLToPath(new URL('../../schema/snapshot.schema.json', import.meta.url)), snapshotJsonSchema());
  console.log('wrote schema/scenario.schema.json, schema/snapshot.schema.json');
}
