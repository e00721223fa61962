/**
 * `trailcost init` without the command line: pick the snapshot (the given file, else the bundled demo's), work out
 * how the scenario will name it, and build the scenario text (scenario/init). Shared by the CLI and, later, the
 * TUI's live start.
 */
import { basename, dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { UsageError } from '../errors.js';
import { loadScenarioFile, loadSnapshotFile } from '../scenario/load.js';
import { buildInitScenario, type InitResult } from '../scenario/init/document.js';
import type { Snapshot } from '../model/snapshot.js';
import { DEMO_SCENARIO } from './load-input.js';

export interface InitOptions {
  /** The snapshot file; undefined = the one the bundled demo scenario names. */
  snapshot?: string;
  /** Where the scenario goes; null = stdout. */
  out: string | null;
}

export interface InitOutput extends InitResult {
  snapshotFile: string;
}

async function pickSnapshot(file: string | undefined): Promise<{ file: string; snapshot: Snapshot }> {
  if (file !== undefined) return { file: resolve(file), snapshot: await loadSnapshotFile(file) };
  const demo = await loadScenarioFile(DEMO_SCENARIO);
  if (!demo.snapshot || !demo.snapshotFile) throw new UsageError(`the bundled demo (${DEMO_SCENARIO}) names no snapshot: give one with --snapshot FILE`);
  return { file: demo.snapshotFile, snapshot: demo.snapshot };
}

/**
 * How the scenario names its snapshot: relative to the scenario's folder, so the two can move together; absolute
 * when they share no folder but the root (`../../../x` says nothing a reader can use), or when the text goes to
 * stdout (where it will be saved is not known).
 */
export function snapshotRef(snapshotFile: string, out: string | null): string {
  const file = resolve(snapshotFile);
  if (out === null) return file;
  const dir = dirname(resolve(out));
  const rel = relative(dir, file);
  const ups = rel.split(sep).filter((p) => p === '..').length;
  if (isAbsolute(rel) || ups >= dir.split(sep).filter(Boolean).length) return file;
  return sep === '\\' ? rel.split(sep).join('/') : rel;
}

/** `org.snapshot.json` → `org`: the scenario's name. */
export function scenarioName(snapshotFile: string): string {
  const n = basename(snapshotFile).replace(/\.json$/i, '').replace(/\.snapshot$/i, '');
  return n === '' ? 'scenario' : n;
}

export async function initScenario(opts: InitOptions): Promise<InitOutput> {
  const { file, snapshot } = await pickSnapshot(opts.snapshot);
  const built = buildInitScenario({ snapshot, snapshotRef: snapshotRef(file, opts.out), name: scenarioName(file) });
  return { ...built, snapshotFile: file };
}
