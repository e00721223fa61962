import { describe, expect, it } from 'vitest';
import { rateLabel } from '../../src/pricing/price.js';
import type { PriceBook } from '../../src/pricing/book.js';

const book = {
  defaultRegion: 'us-east-1',
  prices: [
    { id: 'athena.query', amount: 5, per: 1000, unit: 'GB', regionOverrides: { 'sa-east-1': 7.5 } },
    { id: 'lake.query', amount: 0.005, per: 1, unit: 'GB' },
  ],
} as unknown as PriceBook;

describe('rateLabel: labels read their rates from the price book', () => {
  it('shows a per-unit rate', () => expect(rateLabel(book, 'lake.query')).toBe('$0.005/GB'));
  it('shows a per-thousand rate and follows Region overrides', () => {
    expect(rateLabel(book, 'athena.query')).toBe('$5 per 1,000 GB');
    expect(rateLabel(book, 'athena.query', 'sa-east-1')).toBe('$7.5 per 1,000 GB');
  });
});
