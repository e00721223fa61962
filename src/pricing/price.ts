/**
 * The one function that prices a delivery: a quantity of a priced item (events, GB, GB-months, requests) in a
 * Region. The estimator derives a per-event unit cost from it once per trail and scales that linearly (which keeps
 * decision updates incremental); no code reads a price amount any other way.
 */
import type { PriceBook, PriceEntry, PriceId } from './book.js';

export interface Delivery {
  price: PriceId;
  /** In the entry's unit (events, GB, ...). */
  quantity: number;
  region?: string;
  /** Number of calls, for entries with a minimum quantity per call (Athena: 10 MB per query). */
  calls?: number;
}

export interface Priced {
  usd: number;
  /** The billed quantity (after per-call minimums). */
  quantity: number;
  entry: PriceEntry;
}

export function priceEntry(book: PriceBook, id: PriceId): PriceEntry {
  const e = book.prices.find((p) => p.id === id);
  if (!e) throw new Error(`price book has no price "${id}"`);
  return e;
}

export function priceDelivery(book: PriceBook, d: Delivery): Priced {
  const entry = priceEntry(book, d.price);
  let quantity = Math.max(0, d.quantity);
  if (entry.minimumQuantityPerCall !== undefined && d.calls !== undefined && d.calls > 0) {
    quantity = Math.max(quantity, entry.minimumQuantityPerCall * d.calls);
  }
  if (entry.tiers) {
    // Tier bounds are in the entry's unit; amounts are per `per` units within each tier.
    let usd = 0;
    let lower = 0;
    for (const t of entry.tiers) {
      const upper = t.upTo ?? Infinity;
      const inTier = Math.min(quantity, upper) - lower;
      if (inTier > 0) usd += (inTier / entry.per) * t.amount;
      if (quantity <= upper) break;
      lower = upper;
    }
    return { usd, quantity, entry };
  }
  const region = d.region ?? book.defaultRegion;
  const amount = entry.regionOverrides?.[region] ?? entry.amount ?? 0;
  return { usd: (quantity / entry.per) * amount, quantity, entry };
}

/** An entry's rate as text for labels ("$0.75/GB", "$5 per 1,000 GB"), so no label hard-codes a price. */
export function rateLabel(book: PriceBook, id: PriceId, region?: string): string {
  const e = priceEntry(book, id);
  if (e.tiers) return 'tiered';
  const amount = e.regionOverrides?.[region ?? book.defaultRegion] ?? e.amount ?? 0;
  const usd = `$${amount.toLocaleString('en-US', { maximumFractionDigits: 4 })}`;
  return e.per === 1 ? `${usd}/${e.unit}` : `${usd} per ${e.per.toLocaleString('en-US')} ${e.unit}`;
}
