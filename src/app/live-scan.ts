/**
 * The live start's services, shared by the CLI and the TUI: where the kept snapshot lives, reading it back,
 * scanning (collect/scan's runScan, exactly what `trailcost scan` runs) and keeping the result atomically, and the
 * input the views are built from (the snapshot alone, or with a scenario's policy). No terminal code here.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { UsageError } from '../errors.js';
import { cacheDir } from '../io/cache-dir.js';
import { checkIdentity, type Identity } from '../collect/credentials.js';
import { runScan, type ScanResult } from '../collect/scan.js';
import type { Progress } from '../collect/progress.js';
import { writeFileAtomic } from '../io/atomic-write.js';
import { loadScenarioFile, loadSnapshotFile } from '../scenario/load.js';
import { InputError, scenarioInput, snapshotInput, type LoadedInput } from '../scenario/input.js';
import type { Snapshot } from '../model/snapshot.js';
import { loadPriceBook } from './load-input.js';
import { initScenario } from './init-scenario.js';

export type { Progress, ScanEvent, ScanPart } from '../collect/progress.js';
export type { Identity } from '../collect/credentials.js';

export interface LiveOptions {
  profile?: string;
  region?: string;
  regions?: string[] | 'all';
  orgRole?: string;
  endpoint?: string;
  days: number;
  billing: boolean;
  concurrency: number;
  maxAttempts: number;
  /** `--snapshot-out`: keep the snapshot in this file instead of the default path. */
  snapshotOut?: string;
}

/** A snapshot on disk and when it was taken. */
export interface Kept {
  file: string;
  snapshot: Snapshot;
  generatedAt: Date;
}

/** trailcost's cache folder (io/cache-dir.ts): kept snapshots live there, beside the parse cache. */
export { cacheDir };

/**
 * The kept snapshot's file name: the caller's account, `.org` for an organization scan, and a short digest of the
 * scope when Regions, the global-call Region or the endpoint were chosen (a narrower scan must not pass for the
 * full one, nor a local emulator's for the real account's).
 */
export function keptName(account: string, opts: Pick<LiveOptions, 'orgRole' | 'regions' | 'region' | 'endpoint'>): string {
  const scope = { regions: opts.regions ?? null, region: opts.region ?? null, endpoint: opts.endpoint ?? null };
  const narrowed = scope.regions !== null || scope.region !== null || scope.endpoint !== null;
  const digest = narrowed ? '.' + createHash('sha256').update(JSON.stringify(scope)).digest('hex').slice(0, 8) : '';
  // The account comes from STS; keep the name a plain file name whatever it holds.
  const id = account.replace(/[^0-9A-Za-z_-]/g, '_') || 'account';
  return `${id}${opts.orgRole ? '.org' : ''}${digest}.snapshot.json`;
}

export function keptPath(account: string, opts: LiveOptions, env: NodeJS.ProcessEnv = process.env): string {
  return opts.snapshotOut ? resolve(opts.snapshotOut) : join(cacheDir(env), keptName(account, opts));
}

/** The credential check, before any view starts: a UsageError (exit 2) that says what to do when it fails. */
export function checkCredentials(opts: LiveOptions): Promise<Identity> {
  return checkIdentity({ profile: opts.profile, region: opts.region, endpoint: opts.endpoint });
}

/** The kept snapshot, or null when there is none. A file that does not load raises the loader's UsageError. */
export async function readKept(file: string): Promise<Kept | null> {
  if (!existsSync(file)) return null;
  const snapshot = await loadSnapshotFile(file);
  return { file, snapshot, generatedAt: new Date(snapshot.generatedAt) };
}

/** Scans as `trailcost scan` does and keeps the snapshot (atomically: a reader sees the old file or the new). */
export async function scanAndKeep(opts: LiveOptions, file: string, progress: Progress, now = new Date()): Promise<{ kept: Kept; result: ScanResult }> {
  const result = await runScan({
    profile: opts.profile, region: opts.region, regions: opts.regions, days: opts.days, orgRole: opts.orgRole,
    concurrency: opts.concurrency, maxAttempts: opts.maxAttempts, dryRun: false, billing: opts.billing, now, progress, endpoint: opts.endpoint,
  });
  const snapshot = result.snapshot!;
  mkdirSync(dirname(file), { recursive: true });
  writeFileAtomic(file, JSON.stringify(snapshot, null, 2) + '\n');
  return { kept: { file, snapshot, generatedAt: new Date(snapshot.generatedAt) }, result };
}

/** "just taken", "12 min old", "3 h old", "5 days old": how old a snapshot is. */
export function ageText(generatedAt: Date, now: Date): string {
  const min = Math.floor((now.getTime() - generatedAt.getTime()) / 60_000);
  if (!Number.isFinite(min)) return 'of unknown age';
  if (min < 1) return 'just taken';
  if (min < 60) return `${min} min old`;
  const h = Math.floor(min / 60);
  if (h < 48) return `${h} h old`;
  return `${Math.floor(h / 24)} days old`;
}

/** What the header calls a live snapshot: the organization's id, else the one account's. */
export function liveName(s: Snapshot): string {
  if (s.organization?.id) return s.organization.id;
  if (s.accounts.length === 1) return s.accounts[0].id;
  return `${s.accounts.length} accounts`;
}

/**
 * The views' input: the snapshot alone (no policy), or a scenario's trails, policy and assumptions applied to it.
 * The scenario must name a snapshot (`snapshot:`); the live one is used in its place.
 */
export async function liveInput(kept: Kept, scenarioFile?: string): Promise<LoadedInput> {
  const pricing = await loadPriceBook();
  try {
    if (!scenarioFile) return snapshotInput({ file: kept.file, name: liveName(kept.snapshot), snapshot: kept.snapshot, pricing });
    const file = resolve(scenarioFile);
    const loaded = await loadScenarioFile(file);
    if (!loaded.scenario.snapshot) throw new UsageError(inlineMessage(file));
    return scenarioInput({ file, scenario: loaded.scenario, snapshot: kept.snapshot, pricing });
  } catch (err) {
    if (err instanceof InputError) throw new UsageError(err.message);
    throw err;
  }
}

/** A scenario given with a live start, checked before anything is drawn (it must load and name a snapshot). */
export async function checkScenario(file: string): Promise<void> {
  const loaded = await loadScenarioFile(resolve(file));
  if (!loaded.scenario.snapshot) throw new UsageError(inlineMessage(resolve(file)));
}

const inlineMessage = (file: string) => `${file} declares its inventory inline: a live start applies a scenario that names a snapshot (\`snapshot:\`) to the scan`;

/** The scenario file the `i` key writes for a kept snapshot: beside the selector exports. */
export function suggestedScenarioPath(kept: Kept, outDir: string): string {
  return resolve(outDir, `trailcost-${liveName(kept.snapshot).replace(/[^0-9A-Za-z_-]/g, '_')}.yaml`);
}

/**
 * Writes a scenario of suggestions for the kept snapshot (app/init-scenario, what `trailcost init` writes) and
 * returns it with a one-line account of what it holds. An existing file is never overwritten: it is returned as
 * it is (an earlier `i`, perhaps reviewed since).
 */
export async function writeSuggestedScenario(kept: Kept, outDir: string): Promise<{ file: string; summary: string; existed: boolean }> {
  const file = suggestedScenarioPath(kept, outDir);
  if (existsSync(file)) return { file, existed: true, summary: `opened ${basename(file)} (it exists: not overwritten)` };
  const r = await initScenario({ snapshot: kept.file, out: file });
  writeFileAtomic(file, r.text);
  const rules = r.suggestions.filter((s) => s.match !== null);
  const keep = rules.filter((s) => s.decision === 'keep').length;
  return { file, existed: false, summary: `wrote ${basename(file)}: ${keep} keep, ${rules.length - keep} drop to review` };
}
