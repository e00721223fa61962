/**
 * The price book: every price as data (amount, unit, what it applies to, Region overrides, the page it is
 * published on, where this figure was taken from and how sure we are of it),
 * Lake's seven-year ingestion as tiers. Validated at load; a malformed book is an error naming the entry.
 */
import { z } from 'zod';

const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD');
/** A price: finite, 0 or more, and sane (an absurd one would print $∞ or $NaN once multiplied by volumes). */
const Amount = z.number().nonnegative().max(1e6, 'more than 1,000,000 USD per unit: not a plausible price');
/** A quantity in the book (units per price, tier bounds, minimums): finite and at most 10¹⁸. */
const Quantity = z.number().positive().max(1e18, 'more than 10^18: not a plausible quantity');

export const TierSchema = z.object({ upTo: Quantity.nullable(), amount: Amount }).strict();

export const PriceEntrySchema = z
  .object({
    id: z.string().regex(/^[a-z0-9]+(\.[A-Za-z0-9]+)+$/, 'a dotted id such as cloudtrail.dataEvents'),
    label: z.string().min(1),
    /** Flat amount per `per` units; or `tiers` (amount per `per` units within each tier). */
    amount: Amount.optional(),
    tiers: z.array(TierSchema).min(1).optional(),
    per: Quantity,
    unit: z.enum(['events', 'GB', 'GB-month', 'requests', 'key-months']),
    appliesTo: z.string().min(1),
    /** Region → amount, for Regions whose price differs from the default. */
    regionOverrides: z.record(z.string(), Amount).optional(),
    /** A minimum billed quantity per call (Athena: 10 MB per query). */
    minimumQuantityPerCall: Quantity.optional(),
    /** How sure the figure is: every entry says so (no default), and medium / low ones are marked where priced. */
    confidence: z.enum(['high', 'medium', 'low']),
    /** The page AWS publishes the price on. */
    source: z.string().url(),
    /** Where this figure was taken from, and when (not a claim that every page was re-read on one date). */
    from: z.string().min(1),
    /** A date someone read `source` itself, when they did. */
    checked: Day.optional(),
  })
  .strict()
  .superRefine((e, ctx) => {
    if ((e.amount === undefined) === (e.tiers === undefined)) {
      ctx.addIssue({ code: 'custom', path: ['amount'], message: `price "${e.id}": give exactly one of amount or tiers` });
    }
    if (e.tiers) {
      e.tiers.forEach((t, i) => {
        const last = i === e.tiers!.length - 1;
        if (last !== (t.upTo === null)) ctx.addIssue({ code: 'custom', path: ['tiers', i, 'upTo'], message: `price "${e.id}": only the last tier is open-ended (upTo: null)` });
        const prev = i > 0 ? e.tiers![i - 1].upTo : 0;
        if (t.upTo !== null && prev !== null && t.upTo <= prev) ctx.addIssue({ code: 'custom', path: ['tiers', i, 'upTo'], message: `price "${e.id}": tier bounds must increase` });
      });
    }
  });

export const PriceBookSchema = z
  .object({
    version: z.literal(1),
    currency: z.literal('USD'),
    defaultRegion: z.string(),
    note: z.string().optional(),
    prices: z.array(PriceEntrySchema),
  })
  .strict()
  .superRefine((b, ctx) => {
    const seen = new Set<string>();
    b.prices.forEach((p, i) => {
      if (seen.has(p.id)) ctx.addIssue({ code: 'custom', path: ['prices', i, 'id'], message: `duplicate price "${p.id}"` });
      seen.add(p.id);
    });
    for (const id of REQUIRED_PRICES) {
      if (!seen.has(id)) ctx.addIssue({ code: 'custom', path: ['prices'], message: `missing price "${id}"` });
    }
  });

export type PriceEntry = z.infer<typeof PriceEntrySchema>;
export type PriceBook = z.infer<typeof PriceBookSchema>;

/** Ids the estimate prices with: the book must carry every one. */
export const REQUIRED_PRICES = [
  'cloudtrail.managementEvents.firstCopy',
  'cloudtrail.managementEvents.extraCopy',
  'cloudtrail.dataEvents',
  'cloudtrail.insights.management',
  'lake.ingest.oneYear.cloudtrail',
  'lake.ingest.sevenYear',
  'lake.query',
  'cloudwatch.logs.ingest',
  'cloudwatch.logs.storage',
  's3.storage.standard',
  's3.requests.put',
  'athena.query',
] as const;
export type PriceId = (typeof REQUIRED_PRICES)[number] | (string & {});
