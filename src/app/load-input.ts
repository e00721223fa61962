/**
 * Resolve `--scenario F | --snapshot F | (default) the bundled demo` into everything a command needs:
 * the validated scenario, the snapshot, the volume model, trails, policy, price book and variants.
 * Bad files raise UsageError naming file:line:col of every problem (exit 2).
 */
import { basename, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { UsageError } from '../errors.js';
import { loadPriceBookFile, loadScenarioFile, loadSnapshotFile } from '../scenario/load.js';
import { InputError, scenarioInput, snapshotInput, variantInput as variantOf, type LoadedInput } from '../scenario/input.js';
import type { PriceBook } from '../pricing/book.js';

export type { LoadedInput } from '../scenario/input.js';

export const DEMO_SCENARIO = fileURLToPath(new URL('../../scenarios/demo.yaml', import.meta.url));
export const PRICE_BOOK = fileURLToPath(new URL('../../pricing/prices.json', import.meta.url));

let bookCache: Promise<PriceBook> | null = null;
export function loadPriceBook(file = PRICE_BOOK): Promise<PriceBook> {
  if (file !== PRICE_BOOK) return loadPriceBookFile(file);
  bookCache ??= loadPriceBookFile(PRICE_BOOK);
  return bookCache;
}

export async function loadInput(opts: { scenario?: string; snapshot?: string; variant?: string; pricing?: string }): Promise<LoadedInput> {
  if (opts.scenario && opts.snapshot) throw new UsageError('give --scenario or --snapshot, not both');
  const pricing = await loadPriceBook(opts.pricing ? resolve(opts.pricing) : PRICE_BOOK);
  try {
    if (opts.snapshot) {
      const file = resolve(opts.snapshot);
      const snapshot = await loadSnapshotFile(file);
      if (opts.variant) throw new UsageError('--variant needs a scenario (a snapshot has no variants)');
      return snapshotInput({ file, name: basename(file).replace(/\.json$/, ''), snapshot, pricing });
    }
    const file = opts.scenario ? resolve(opts.scenario) : DEMO_SCENARIO;
    const loaded = await loadScenarioFile(file);
    return scenarioInput({ file, scenario: loaded.scenario, snapshot: loaded.snapshot, pricing, variant: opts.variant ?? null });
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
