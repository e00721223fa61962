/** The real binary as a subprocess, for the output contracts (what scripts and CI actually read). */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { expect } from 'vitest';
import type { z } from 'zod';
import { validate } from './json-schema.js';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const fixture = (...p: string[]) => join(root, 'test', 'fixtures', ...p);
export const scenario = (name: string) => join(root, 'scenarios', `${name}.yaml`);

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function cli(args: string[], cwd = root): CliRun {
  const r = spawnSync(process.execPath, [join(root, 'bin', 'trailcost.js'), ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', NO_COLOR: '1' },
    timeout: 120_000,
    maxBuffer: 256 * 1024 * 1024,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/**
 * `value` is exactly what `schema` describes: it parses, and parsing leaves it unchanged (zod drops keys it does
 * not know, so a field the contract does not list fails here).
 */
export function expectContract(schema: z.ZodType, value: unknown): void {
  const r = schema.safeParse(value);
  if (!r.success) throw new Error(`output does not match its contract:\n${r.error.issues.slice(0, 10).map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n')}`);
  expect(r.data).toEqual(value);
}

/** The shipped schema/<name>.schema.json, as a consumer reads it. */
export function shippedSchema(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(root, 'schema', `${name}.schema.json`), 'utf8')) as Record<string, unknown>;
}

/** `value` is valid under the shipped schema file of `name` (not only under the zod contract it is made from). */
export function expectShippedSchema(name: string, value: unknown): void {
  expect(validate(shippedSchema(name), value), `schema/${name}.schema.json`).toEqual([]);
}

const isSpan = (v: unknown): v is { low: number; high: number } =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).length === 2 && 'low' in v && 'high' in v;

/**
 * Every object of `value` that says it leaves unknown parts out (`unknownParts` > 0, or the optimize summary's
 * `unknownPartsBefore/After`) has no range of 0..0 beside it: a quantity with nothing known is null, never 0.
 * Returns the JSON paths that break this.
 */
export function zeroesBesideUnknown(value: unknown, path = '$'): string[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => zeroesBesideUnknown(v, `${path}[${i}]`));
  if (typeof value !== 'object' || value === null) return [];
  const o = value as Record<string, unknown>;
  const bad: string[] = [];
  const zero = (v: unknown) => isSpan(v) && v.low === 0 && v.high === 0;
  if (typeof o.unknownParts === 'number' && o.unknownParts > 0) {
    for (const k of ['usd', 'events', 'dataEvents']) if (zero(o[k])) bad.push(`${path}.${k}`);
  }
  // The optimize summary's usdBefore/usdAfter, and diff's { before, after } beside unknownPartsBefore/After.
  if (typeof o.unknownPartsBefore === 'number' && o.unknownPartsBefore > 0) {
    for (const k of ['usdBefore', 'dataEventsBefore', 'before']) if (zero(o[k])) bad.push(`${path}.${k}`);
  }
  if (typeof o.unknownPartsAfter === 'number' && o.unknownPartsAfter > 0) {
    for (const k of ['usdAfter', 'dataEventsAfter', 'after']) if (zero(o[k])) bad.push(`${path}.${k}`);
  }
  for (const [k, v] of Object.entries(o)) bad.push(...zeroesBesideUnknown(v, `${path}.${k}`));
  return bad;
}

/** A CSV file as rows of cells (RFC 4180 quoting). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += c;
  }
  if (cell !== '' || row.length > 0) rows.push([...row, cell]);
  return rows;
}
