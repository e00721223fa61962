/**
 * Top callers per row with bounded memory: the Space-Saving algorithm (Metwally et al.). Up to `capacity`
 * callers are counted exactly; once full, a new caller replaces the smallest counter and inherits its count + 1,
 * so a reported count can overstate a caller by at most the evicted minimum. `approximate` says when that happened.
 */
export class CallerCounter {
  private counts = new Map<string, number>();
  approximate = false;

  constructor(readonly capacity: number) {}

  add(arn: string, n = 1): void {
    const cur = this.counts.get(arn);
    if (cur !== undefined) {
      this.counts.set(arn, cur + n);
      return;
    }
    if (this.counts.size < this.capacity) {
      this.counts.set(arn, n);
      return;
    }
    let minArn = '';
    let min = Infinity;
    for (const [a, c] of this.counts) {
      if (c < min || (c === min && a > minArn)) {
        min = c;
        minArn = a;
      }
    }
    this.counts.delete(minArn);
    this.counts.set(arn, min + n);
    this.approximate = true;
  }

  merge(other: CallerCounter): void {
    for (const [a, c] of other.counts) this.add(a, c);
    if (other.approximate) this.approximate = true;
  }

  /** The `n` largest, count descending then ARN, deterministic. */
  top(n: number): Array<{ arn: string; count: number }> {
    return [...this.counts]
      .map(([arn, count]) => ({ arn, count }))
      .sort((a, b) => b.count - a.count || (a.arn < b.arn ? -1 : a.arn > b.arn ? 1 : 0))
      .slice(0, n);
  }
}
