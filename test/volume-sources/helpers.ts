/** Shared checks of the volume-source tests: the model's range for a bucket, and the fake's truth for it. */
import type { VolumeModel } from '../../src/model/types.js';
import type { SeededBucket } from '../fake-aws/seed.js';

export type Part = 'all' | 'reads' | 'writes';

/** Monthly requests of a bucket from the fake's true daily rates (730-hour month). */
export function truthMonthly(b: SeededBucket, part: Part): number {
  const d = b.daily;
  const reads = (d.GetRequests ?? 0) + (d.HeadRequests ?? 0) + (d.SelectRequests ?? 0) + (d.ListRequests ?? 0);
  const writes = (d.PutRequests ?? 0) + (d.PostRequests ?? 0) + (d.DeleteRequests ?? 0);
  const daily = part === 'reads' ? reads : part === 'writes' ? writes : reads + writes;
  return (daily * 730) / 24;
}

/** Low and high of a bucket's events over its subtree (bucket residual + prefixes); an unbounded class → Infinity. */
export function bucketSpan(m: VolumeModel, bucket: string, part: Part): { low: number; high: number } {
  let low = 0;
  let high = 0;
  const walk = (id: string) => {
    const n = m.nodes.get(id);
    if (!n) return;
    for (const c of n.classes) {
      if (part === 'reads' && !c.cls.readOnly) continue;
      if (part === 'writes' && c.cls.readOnly) continue;
      low += c.volume.low ?? 0;
      high += c.volume.high ?? Infinity;
    }
    for (const k of n.childIds) walk(k);
  };
  walk(`s3:arn:aws:s3:::${bucket}/`);
  return { low, high };
}

/** Buckets the model has no volume for at all (its `unknown-volume` notes on buckets), sorted. */
export function unknownBuckets(m: VolumeModel): string[] {
  return m.notes.filter((n) => n.code === 'unknown-volume' && n.nodeId?.startsWith('s3:')).map((n) => n.nodeId!.slice('s3:arn:aws:s3:::'.length, -1)).sort();
}
