import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { PriceBookSchema, REQUIRED_PRICES } from '../../src/pricing/book.js';
import { parseWithSchema, formatProblems } from '../../src/scenario/parse.js';
import { root } from '../estimate/helpers.js';

const text = readFileSync(`${root}pricing/prices.json`, 'utf8');

describe('the price book', () => {
  it('is valid and carries every price the estimate uses, each with its page, where the figure came from and its confidence', () => {
    const r = parseWithSchema(text, 'prices.json', PriceBookSchema);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    for (const id of REQUIRED_PRICES) expect(r.value.prices.some((p) => p.id === id)).toBe(true);
    for (const p of r.value.prices) {
      expect(p.source).toMatch(/^https:\/\//);
      expect(p.from.length).toBeGreaterThan(10);
      expect(['high', 'medium', 'low']).toContain(p.confidence);
    }
    // Medium where aws-facts says medium (Insights on data events), not a blanket "high".
    expect(r.value.prices.find((p) => p.id === 'cloudtrail.insights.data')!.confidence).toBe('medium');
  });
  it('an entry without its confidence or provenance is refused (no default that hides it)', () => {
    const book = JSON.parse(text);
    delete book.prices[0].confidence;
    delete book.prices[1].from;
    const r = PriceBookSchema.safeParse(book);
    expect(r.success).toBe(false);
    const paths = (r.error?.issues ?? []).map((i) => i.path.join('.'));
    expect(paths).toEqual(expect.arrayContaining(['prices.0.confidence', 'prices.1.from']));
  });
  it('a malformed entry is an error naming the entry and its position', () => {
    const bad = text.replace('"amount": 0.1, "per": 100000, "unit": "events"', '"amount": -1, "per": 100000, "unit": "events"');
    const r = parseWithSchema(bad, 'prices.json', PriceBookSchema);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const msg = formatProblems(r.problems);
    expect(msg).toMatch(/prices\.json:\d+:\d+: .*>=0.*\(at prices\[2\]\.amount\)/);
  });
  it('an entry with both amount and tiers names the price', () => {
    const bad = text.replace('"per": 1, "unit": "GB",\n      "tiers"', '"per": 1, "unit": "GB", "amount": 1,\n      "tiers"');
    const r = parseWithSchema(bad, 'prices.json', PriceBookSchema);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(formatProblems(r.problems)).toContain('price "lake.ingest.sevenYear": give exactly one of amount or tiers');
  });
  it('a missing required price is reported', () => {
    const book = JSON.parse(text);
    book.prices = book.prices.filter((p: { id: string }) => p.id !== 'cloudtrail.dataEvents');
    const r = PriceBookSchema.safeParse(book);
    expect(r.success).toBe(false);
    expect(JSON.stringify(r.error?.issues)).toContain('missing price \\"cloudtrail.dataEvents\\"');
  });
});
