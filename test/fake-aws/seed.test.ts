import { describe, expect, it } from 'vitest';
import { seedOrganization } from './seed.js';
import { SnapshotSchema } from '../../src/model/snapshot.js';

const now = new Date('2026-11-23T12:00:00Z');

describe('seeded organization', () => {
  it('is a pure function of the seed', () => {
    const a = seedOrganization({ seed: 4, now });
    const b = seedOrganization({ seed: 4, now });
    const c = seedOrganization({ seed: 5, now });
    const strip = (t: ReturnType<typeof seedOrganization>) => JSON.stringify({ ...t, accountForKey: undefined, metricDaily: undefined, billing: t.billing(new Date('2026-10-01T00:00:00Z'), new Date('2026-11-01T00:00:00Z')) });
    expect(strip(a)).toBe(strip(b));
    expect(strip(a)).not.toBe(strip(c));
  });

  it('has the shapes the scan must handle, and valid snapshot types', () => {
    const t = seedOrganization({ seed: 1, now });
    const cfgs = t.buckets.flatMap((b) => b.metricsConfigurations);
    expect(t.buckets.length).toBeGreaterThanOrEqual(200);
    expect(t.buckets.some((b) => b.metricsConfigurations.length === 0)).toBe(true);
    expect(cfgs.some((c) => c.filter?.prefix)).toBe(true);
    expect(cfgs.some((c) => c.filter?.tags?.length)).toBe(true);
    expect(cfgs.some((c) => !c.filter && c.id !== 'EntireBucket')).toBe(true);
    expect(t.trails.some((x) => x.selectors.kind === 'basic')).toBe(true);
    expect(t.trails.some((x) => x.selectors.kind === 'advanced' && x.organization)).toBe(true);
    expect(t.trails.some((x) => !x.logging)).toBe(true);
    const snap = SnapshotSchema.parse({
      version: 1, generatedAt: now.toISOString(), source: { tool: 'seed', kind: 'generated' },
      window: { start: now.toISOString(), end: now.toISOString() }, accounts: t.accounts, regions: t.regions,
      buckets: t.buckets.map(({ daily: _d, creationDate: _c, ...b }) => b),
      trails: t.trails.map(({ visibleTo: _v, ...x }) => x), eventDataStores: t.eventDataStores,
    });
    expect(snap.buckets.length).toBe(t.buckets.length);
  });

  it('bills data events consistently with the rates: a month is 31 or 30 daily totals', () => {
    const t = seedOrganization({ seed: 2, now });
    const oct = t.billing(new Date('2026-10-01T00:00:00Z'), new Date('2026-11-01T00:00:00Z'));
    const data = oct.filter((r) => r.usageType.endsWith('-DataEventsRecorded')).reduce((s, r) => s + r.quantity, 0);
    expect(data).toBe(t.dataEventsPerDay.total * 31);
    expect(t.dataEventsPerDay.measurable).toBeLessThan(t.dataEventsPerDay.total);
    for (const r of oct.filter((x) => x.usageType.endsWith('-DataEventsRecorded'))) expect(r.cost).toBeCloseTo((r.quantity * 0.1) / 100_000, 6);
  });
});
