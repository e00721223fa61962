/**
 * What the scan could not read. An AWS error on one call becomes a gap (service, operation, account, Region,
 * resource, error) and the scan goes on; only programming errors propagate. Gaps of the same kind in the same
 * place (e.g. ListBucketMetricsConfigurations on 300 buckets of a denied Region) are folded into one, with a count.
 */
import type { Gap } from '../model/snapshot.js';

export function isAwsError(err: unknown): err is Error & { name: string; $metadata?: { httpStatusCode?: number } } {
  if (!(err instanceof Error)) return false;
  const e = err as Error & { $metadata?: unknown; code?: string };
  // SDK service exceptions carry $metadata; network failures carry a Node error code.
  return e.$metadata !== undefined || typeof e.code === 'string' || e.name === 'TimeoutError';
}

export class GapLog {
  private readonly byKey = new Map<string, Gap & { count: number }>();

  /** `onRecord` hears every failed call as it is recorded (folded or not): a live view counts them. */
  constructor(private readonly onRecord?: (where: Omit<Gap, 'error' | 'message'>, error: string) => void) {}

  record(where: Omit<Gap, 'error' | 'message'>, err: unknown): void {
    if (!isAwsError(err)) throw err;
    this.onRecord?.(where, err.name);
    const key = [where.service, where.operation, where.account, where.region, err.name].join('|');
    const prev = this.byKey.get(key);
    if (prev) {
      prev.count++;
      return;
    }
    let message = err.message.split('\n')[0];
    if (err.name === 'UnrecognizedClientException' || err.name === 'InvalidClientTokenId' || err.name === 'InvalidAccessKeyId') {
      if (where.region) message = `${message} (is ${where.region} an opt-in Region that is not enabled for this account?)`;
    }
    this.byKey.set(key, { ...where, error: err.name, message, count: 1 });
  }

  /** An answer AWS gave that cannot be used (a value out of range or of the wrong kind): a gap of its own. */
  invalid(where: Omit<Gap, 'error' | 'message'>, message: string): void {
    const key = [where.service, where.operation, where.account, where.region, 'InvalidResponse', where.resource].join('|');
    this.onRecord?.(where, 'InvalidResponse');
    if (!this.byKey.has(key)) this.byKey.set(key, { ...where, error: 'InvalidResponse', message, count: 1 });
  }

  list(): Gap[] {
    return [...this.byKey.values()].map(({ count, ...g }) =>
      count > 1 ? { ...g, resource: `${count} ${g.resource ? 'resources, e.g. ' + g.resource : 'calls'}` } : g,
    );
  }

  get size(): number {
    return this.byKey.size;
  }
}
