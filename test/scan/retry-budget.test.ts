/**
 * The retry budget is the --max-attempts flag: the SDK's per-client retry quota (spent in a few dozen retries)
 * must not make a throttled scan give up on calls the flag still allows to retry.
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFakeAws } from '../fake-aws/server.js';
import { FlagRetryStrategy, RETRY_DELAY_CAP_MS } from '../../src/collect/retry.js';
import { cleanEnv, runCli } from './run-cli.js';

describe('FlagRetryStrategy', () => {
  it('retries every call up to the flag, however many calls failed before (no shared quota)', async () => {
    const s = new FlagRetryStrategy(8, () => 0);
    for (let call = 0; call < 1000; call++) {
      let t = await s.acquireInitialRetryToken('');
      for (let retry = 1; retry < 8; retry++) t = await s.refreshRetryTokenForRetry(t, { errorType: call % 2 ? 'THROTTLING' : 'TRANSIENT' });
      expect(t.getRetryCount()).toBe(7);
      await expect(s.refreshRetryTokenForRetry(t, { errorType: 'THROTTLING' })).rejects.toThrow();
    }
  });
  it('does not retry client errors; backs off exponentially with jitter, capped, and honours Retry-After', async () => {
    const s = new FlagRetryStrategy(8, () => 0.999);
    await expect(s.refreshRetryTokenForRetry(await s.acquireInitialRetryToken(''), { errorType: 'CLIENT_ERROR' })).rejects.toThrow();
    expect(s.delayMs(1, { errorType: 'THROTTLING' })).toBe(999);
    expect(s.delayMs(3, { errorType: 'TRANSIENT' })).toBe(399);
    expect(s.delayMs(12, { errorType: 'THROTTLING' })).toBeLessThanOrEqual(RETRY_DELAY_CAP_MS);
    expect(s.delayMs(1, { errorType: 'TRANSIENT', retryAfterHint: new Date(Date.now() + 3000) })).toBeGreaterThan(2500);
  });
});

describe('scan under heavy faults (25% 5xx, 5% throttled, 5% dropped connections)', () => {
  it('reads every bucket: attempts follow the flag, not a quota', async () => {
    const aws = await startFakeAws({ seed: { seed: 5, accounts: 1, buckets: 300, functions: 10, tables: 4 } });
    try {
      Object.assign(aws.faults, { throttleRate: 0.05, errorRate: 0.25, dropRate: 0.05 });
      const out = join(mkdtempSync(join(tmpdir(), 'trailcost-retry-')), 's.json');
      const r = await runCli(['scan', '--out', out, '--concurrency', '32', '--max-attempts', '20'], cleanEnv(aws.env));
      const snap = JSON.parse(readFileSync(out, 'utf8')) as { gaps: unknown[]; buckets: unknown[] };
      expect(snap.gaps, r.stdout + r.stderr).toEqual([]);
      expect(r.code).toBe(0);
      expect(snap.buckets).toHaveLength(300);
      const [, calls, attempts] = /API calls ([\d,]+) \(([\d,]+) HTTP attempts/.exec(r.stdout)!.map((x) => Number(x.replace(/,/g, '')));
      // With 35% of the attempts failing, a call takes about 1.5 attempts; it fails only if 20 in a row do (1e-9).
      expect(attempts / calls).toBeGreaterThan(1.3);
    } finally {
      await aws.close();
    }
    // Two S3 calls per bucket (metrics configurations, tags); 35% faults keep the run short while still spending
    // far more retries than the SDK's default quota allowed (at 50% faults the old code lost 9 of 300 buckets).
  }, 240_000);
});
