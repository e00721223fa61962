/**
 * Loading scenario, snapshot and price-book files from disk. Every problem in a file is reported at once, each
 * with file:line:col (JSON is parsed as YAML so snapshot errors get positions too). Throws UsageError (exit 2).
 */
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { UsageError } from '../cli/errors.js';
import { SnapshotSchema, type Snapshot } from '../model/snapshot.js';
import { PriceBookSchema, type PriceBook } from '../pricing/book.js';
import { formatProblems, parseWithSchema } from './parse.js';
import { ScenarioSchema, type Scenario } from './schema.js';
import type { z } from 'zod';

async function readText(file: string, what: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UsageError(`cannot read ${what} ${file}: ${code === 'ENOENT' ? 'no such file' : (err as Error).message}`);
  }
}

async function loadValidated<S extends z.ZodType>(file: string, what: string, schema: S): Promise<z.infer<S>> {
  const text = await readText(file, what);
  if (file.endsWith('.json')) {
    // Fast path for big snapshots: JSON.parse; the YAML parser (with positions) only runs to report problems.
    try {
      const quick = schema.safeParse(JSON.parse(text));
      if (quick.success) return quick.data;
    } catch {
      // a syntax error: reported with its position below
    }
  }
  const r = parseWithSchema(text, file, schema);
  if (!r.ok) throw new UsageError(`invalid ${what}: ${formatProblems(r.problems)}`);
  return r.value;
}

export interface LoadedScenarioFile {
  file: string;
  scenario: Scenario;
  /** The snapshot it names, loaded (null when it declares an inventory inline). */
  snapshot: Snapshot | null;
  snapshotFile: string | null;
}

export async function loadScenarioFile(file: string): Promise<LoadedScenarioFile> {
  const scenario = await loadValidated(file, 'scenario', ScenarioSchema);
  if (!scenario.snapshot) return { file, scenario, snapshot: null, snapshotFile: null };
  const snapshotFile = resolve(dirname(file), scenario.snapshot);
  try {
    return { file, scenario, snapshot: await loadSnapshotFile(snapshotFile), snapshotFile };
  } catch (err) {
    if (err instanceof UsageError) throw new UsageError(`${err.message}\n  (the snapshot named by ${file})`);
    throw err;
  }
}

export function loadSnapshotFile(file: string): Promise<Snapshot> {
  return loadValidated(file, 'snapshot', SnapshotSchema);
}

export function loadPriceBookFile(file: string): Promise<PriceBook> {
  return loadValidated(file, 'price book', PriceBookSchema);
}
