/**
 * Resolve `--scenario F | --snapshot F | (default) the bundled demo` into everything a command needs:
 * the validated scenario, the snapshot, the volume model, trails, policy, price book and variants.
 * Bad files raise UsageError naming file:line:col of every problem (exit 2).
 */
import { createHash } from 'node:crypto';
import { basename, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { UsageError } from '../errors.js';
import { loadPriceBookFile, loadScenarioFile, loadSnapshotFile, type OnRead } from '../scenario/load.js';
import { InputError, scenarioInput, snapshotInput, variantInput as variantOf, type LoadedInput } from '../scenario/input.js';
import type { PriceBook } from '../pricing/book.js';

export type { LoadedInput } from '../scenario/input.js';

export const DEMO_SCENARIO = fileURLToPath(new URL('../../scenarios/demo.yaml', import.meta.url));
export const PRICE_BOOK = fileURLToPath(new URL('../../pricing/prices.json', import.meta.url));

/** A price book with the digest of the bytes it was read from (see inputDigest). */
interface ReadBook {
  book: PriceBook;
  digest: string;
}

async function readPriceBook(file: string): Promise<ReadBook> {
  const hash = createHash('sha256');
  const book = await loadPriceBookFile(file, digesting(hash));
  return { book, digest: hash.digest('hex') };
}

let bookCache: Promise<ReadBook> | null = null;
function priceBook(file: string): Promise<ReadBook> {
  if (file !== PRICE_BOOK) return readPriceBook(file);
  bookCache ??= readPriceBook(PRICE_BOOK);
  return bookCache;
}

export async function loadPriceBook(file = PRICE_BOOK): Promise<PriceBook> {
  return (await priceBook(file)).book;
}

/** Feeds every file a load reads (its name, length and bytes) to `hash`. */
function digesting(hash: ReturnType<typeof createHash>): OnRead {
  return (file, bytes) => {
    hash.update(`${file}\0${bytes.length}\0`);
    hash.update(bytes);
  };
}

/**
 * What each input loaded here was read from: a SHA-256 over every file's name and bytes, the price book's and
 * the variant. Two threads that loaded the same options hold the same input exactly when their digests are equal
 * (a file edited between their reads gives two digests): the optimizer worker loads the files itself, in parallel
 * with this thread, and only answers once its digest matches this thread's (app/worker).
 */
const digests = new WeakMap<LoadedInput, string>();

export function inputDigest(input: LoadedInput): string | null {
  return digests.get(input) ?? null;
}

export interface InputOptions {
  scenario?: string;
  snapshot?: string;
  variant?: string;
  pricing?: string;
}

/** Which input a set of options names (files resolved), to tell whether two loads are of the same input. */
function inputId(opts: InputOptions): string {
  const file = opts.snapshot ? null : opts.scenario ? resolve(opts.scenario) : DEMO_SCENARIO;
  return JSON.stringify([file, opts.snapshot ? resolve(opts.snapshot) : null, opts.variant ?? null, opts.pricing ? resolve(opts.pricing) : PRICE_BOOK]);
}

/**
 * The latest input this process loaded or is loading: the optimizer worker (app/worker) is handed it instead of
 * parsing the same file a second time. Held weakly once loaded: it lives as long as its user keeps it.
 */
let latest: { id: string; pending: Promise<LoadedInput> | null; done: WeakRef<LoadedInput> | null } | null = null;

/** The input `loadInput(opts)` gave or is giving in this process, if it is still around. */
export function loadedInput(opts: InputOptions): Promise<LoadedInput> | null {
  if (!latest || latest.id !== inputId(opts)) return null;
  if (latest.pending) return latest.pending;
  const input = latest.done?.deref();
  return input ? Promise.resolve(input) : null;
}

export function loadInput(opts: InputOptions): Promise<LoadedInput> {
  const id = inputId(opts);
  const pending = load(opts);
  const entry: NonNullable<typeof latest> = { id, pending, done: null };
  latest = entry;
  pending.then(
    (input) => {
      entry.pending = null;
      entry.done = new WeakRef(input);
    },
    () => {
      if (latest === entry) latest = null;
    },
  );
  return pending;
}

/**
 * What the optimizer worker needs to rebuild a loaded input without reading or parsing its files: the validated
 * scenario and snapshot as parsed (plain data, a few MB for 100,000 resources, cloned in tens of milliseconds),
 * from which `inputFromTransfer` assembles the same model, trails and policy (the same pure functions the load
 * ran), rather than the model itself (ten times larger to clone).
 */
export interface InputTransfer {
  kind: LoadedInput['kind'];
  file: string;
  scenario: LoadedInput['scenario'];
  snapshot: LoadedInput['baseSnapshot'];
  pricing: LoadedInput['pricing'];
  variant: string | null;
}

export function inputTransfer(input: LoadedInput): InputTransfer {
  return { kind: input.kind, file: input.file, scenario: input.scenario, snapshot: input.baseSnapshot, pricing: input.pricing, variant: input.variant };
}

export function inputFromTransfer(t: InputTransfer): LoadedInput {
  try {
    if (t.kind === 'snapshot') return snapshotInput({ file: t.file, name: basename(t.file).replace(/\.json$/, ''), snapshot: t.snapshot!, pricing: t.pricing });
    return scenarioInput({ file: t.file, scenario: t.scenario!, snapshot: t.snapshot, pricing: t.pricing, variant: t.variant });
  } catch (err) {
    if (err instanceof InputError) throw new UsageError(err.message);
    throw err;
  }
}

async function load(opts: InputOptions): Promise<LoadedInput> {
  if (opts.scenario && opts.snapshot) throw new UsageError('give --scenario or --snapshot, not both');
  const book = await priceBook(opts.pricing ? resolve(opts.pricing) : PRICE_BOOK);
  const pricing = book.book;
  const hash = createHash('sha256').update(`pricing\0${book.digest}\0variant\0${opts.variant ?? ''}\0`);
  const done = (input: LoadedInput): LoadedInput => {
    digests.set(input, hash.digest('hex'));
    return input;
  };
  try {
    if (opts.snapshot) {
      const file = resolve(opts.snapshot);
      const snapshot = await loadSnapshotFile(file, digesting(hash));
      if (opts.variant) throw new UsageError('--variant needs a scenario (a snapshot has no variants)');
      return done(snapshotInput({ file, name: basename(file).replace(/\.json$/, ''), snapshot, pricing }));
    }
    const file = opts.scenario ? resolve(opts.scenario) : DEMO_SCENARIO;
    const loaded = await loadScenarioFile(file, digesting(hash));
    return done(scenarioInput({ file, scenario: loaded.scenario, snapshot: loaded.snapshot, pricing, variant: opts.variant ?? null }));
  } catch (err) {
    if (err instanceof InputError) throw new UsageError(err.message);
    throw err;
  }
}

/** The same input with one of the scenario's variants applied. */
export function variantInput(input: LoadedInput, variant: string): LoadedInput {
  try {
    return variantOf(input, variant);
  } catch (err) {
    if (err instanceof InputError) throw new UsageError(err.message);
    throw err;
  }
}
