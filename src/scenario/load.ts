/**
 * Loading scenario, snapshot and price-book files from disk. Every problem in a file is reported at once, each
 * with file:line:col (JSON is parsed as YAML so snapshot errors get positions too). Throws UsageError (exit 2).
 */
import { dirname, resolve } from 'node:path';
import { UsageError } from '../errors.js';
import { parseCacheSlot, readCached, storeCached } from '../io/parse-cache.js';
import { InputFileError, readInputBytes } from '../io/read-input.js';
import { SNAPSHOT_VERSION, SnapshotSchema, type Snapshot } from '../model/snapshot.js';
import { PriceBookSchema, type PriceBook } from '../pricing/book.js';
import { jsonTooDeep } from './limits.js';
import { formatProblems, parseWithSchema, type Problem } from './parse.js';
import { ScenarioSchema, type Scenario } from './schema.js';
import type { z } from 'zod';

/**
 * Told of every file a load reads, with its bytes: app/load-input.ts digests them, so two threads that each loaded
 * "the same" input can prove they read the same content.
 */
export type OnRead = (file: string, bytes: Uint8Array) => void;

/** The file's bytes: a regular file within the input size limit (io/read-input.ts), else a UsageError naming it. */
async function readBytes(file: string, what: string, onRead?: OnRead): Promise<Buffer> {
  try {
    const bytes = await readInputBytes(file);
    onRead?.(file, bytes);
    return bytes;
  } catch (err) {
    if (err instanceof InputFileError) throw new UsageError(`cannot read ${what} ${file}: ${err.reason}`);
    throw err;
  }
}

async function loadValidated<S extends z.ZodType>(file: string, what: string, schema: S, onRead?: OnRead): Promise<z.infer<S>> {
  const bytes = await readBytes(file, what, onRead);
  const text = bytes.toString('utf8');
  if (text.includes('\u0000')) throw new UsageError(`invalid ${what}: ${file} is not a text file (YAML or JSON expected)`);
  if (file.endsWith('.json')) {
    // Fast path for big snapshots: JSON.parse; the YAML parser (with positions) only runs to report problems.
    let data: unknown;
    let parsed = false;
    try {
      data = JSON.parse(text);
      parsed = true;
    } catch {
      // a syntax error: reported with its position below
    }
    // Too deep for the nesting limit: reported with its line and column below, like in YAML (limits.ts).
    if (parsed && !jsonTooDeep(text)) {
      const quick = schema.safeParse(data);
      if (quick.success) return quick.data;
    }
  }
  // Big YAML: the value parsed from the same bytes before (io/parse-cache.ts), validated again. Not JSON: reading a
  // cached value back costs about what JSON.parse does.
  const slot = file.endsWith('.json') ? null : parseCacheSlot(what, schema, bytes);
  const hit = slot && (await readCached(slot, schema));
  if (hit) return hit.value;
  const r = parseWithSchema(text, file, schema);
  if (!r.ok) {
    const better = misfiled(r.data, file, what, r.problems);
    throw new UsageError(better ?? `invalid ${what}: ${formatProblems(r.problems)}`);
  }
  if (slot) storeCached(slot, r.value);
  return r.value;
}

const VERSIONS: Record<string, number> = { snapshot: SNAPSHOT_VERSION, 'price book': 1 };

/**
 * One clear message instead of a page of schema problems when the file is the wrong kind (a snapshot given as a
 * scenario, or the reverse) or a version this build does not read: every field problem would be noise.
 */
function misfiled(data: unknown, file: string, what: string, problems: readonly Problem[]): string | null {
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return null;
  const o = data as Record<string, unknown>;
  const looksSnapshot = 'generatedAt' in o && 'accounts' in o;
  const looksScenario = !('version' in o) && ('trails' in o || 'variants' in o || 'policy' in o);
  if (what === 'scenario' && looksSnapshot) return `${file} is a snapshot, not a scenario: give it with --snapshot (or name it in a scenario's "snapshot:" field)`;
  if (what === 'snapshot' && looksScenario) return `${file} is a scenario, not a snapshot (snapshots are written by trailcost scan and sample; scenarios go with --scenario)`;
  const want = VERSIONS[what];
  if (want !== undefined && typeof o.version === 'number' && o.version !== want) {
    const at = problems.find((p) => p.path === 'version');
    const where = at ? `${at.file}:${at.line}:${at.col}` : file;
    return `${where}: ${what} version ${o.version} is not supported (this trailcost reads version ${want})`;
  }
  return null;
}

export interface LoadedScenarioFile {
  file: string;
  scenario: Scenario;
  /** The snapshot it names, loaded (null when it declares an inventory inline). */
  snapshot: Snapshot | null;
  snapshotFile: string | null;
}

export async function loadScenarioFile(file: string, onRead?: OnRead): Promise<LoadedScenarioFile> {
  const scenario = await loadValidated(file, 'scenario', ScenarioSchema, onRead);
  if (!scenario.snapshot) return { file, scenario, snapshot: null, snapshotFile: null };
  const snapshotFile = resolve(dirname(file), scenario.snapshot);
  try {
    return { file, scenario, snapshot: await loadSnapshotFile(snapshotFile, onRead), snapshotFile };
  } catch (err) {
    if (err instanceof UsageError) throw new UsageError(`${err.message}\n  (the snapshot named by ${file})`);
    throw err;
  }
}

export function loadSnapshotFile(file: string, onRead?: OnRead): Promise<Snapshot> {
  return loadValidated(file, 'snapshot', SnapshotSchema, onRead);
}

export function loadPriceBookFile(file: string, onRead?: OnRead): Promise<PriceBook> {
  return loadValidated(file, 'price book', PriceBookSchema, onRead);
}
