/**
 * A retry strategy whose budget is the `--max-attempts` flag. The SDK's standard strategy also keeps a per-client
 * quota (500 tokens; 14 per transient retry, 5 per throttling retry in the 2026 SDKs) that a throttled scan spends in
 * a few dozen retries, after which every call fails on its first error however many attempts the flag allows: a
 * scan of 5,000 buckets under heavy throttling lost a third of them that way. Here each call gets its attempts;
 * what bounds the load on AWS is the scan's concurrency limit and the backoff (exponential, full jitter, capped at
 * 20 s, at least the service's Retry-After).
 */

/** The parts of the SDK's RetryErrorInfo used here. */
interface ErrorInfo {
  errorType: 'THROTTLING' | 'TRANSIENT' | 'SERVER_ERROR' | 'CLIENT_ERROR' | string;
  retryAfterHint?: Date;
}

class Token {
  readonly $retryLog = { acquisitionDelay: 0 };
  constructor(
    private readonly count: number,
    private readonly delay: number,
  ) {}
  getRetryCount(): number {
    return this.count;
  }
  getRetryDelay(): number {
    return this.delay;
  }
  getRetryCost(): number {
    return 0;
  }
  isLongPoll(): boolean {
    return false;
  }
}

export const RETRY_DELAY_CAP_MS = 20_000;
const BASE_MS = { THROTTLING: 1_000, other: 100 } as const;

/** Retryable as the SDK's standard mode judges it: throttling, timeouts, dropped connections, 500/502/503/504. */
function retryable(e: ErrorInfo): boolean {
  return e.errorType === 'THROTTLING' || e.errorType === 'TRANSIENT';
}

export class FlagRetryStrategy {
  readonly mode = 'standard';
  constructor(
    private readonly maxAttempts: number,
    private readonly random: () => number = Math.random,
  ) {}

  async acquireInitialRetryToken(_scope: string): Promise<Token> {
    return new Token(0, 0);
  }

  /** The delay before retry number `retry` (1-based) of an error of this type. */
  delayMs(retry: number, e: ErrorInfo): number {
    const base = e.errorType === 'THROTTLING' ? BASE_MS.THROTTLING : BASE_MS.other;
    const jittered = Math.floor(this.random() * Math.min(RETRY_DELAY_CAP_MS, base * 2 ** (retry - 1)));
    const hint = e.retryAfterHint instanceof Date ? Math.min(RETRY_DELAY_CAP_MS, e.retryAfterHint.getTime() - Date.now()) : 0;
    return Math.max(jittered, hint);
  }

  async refreshRetryTokenForRetry(token: Token, e: ErrorInfo): Promise<Token> {
    const next = token.getRetryCount() + 1;
    if (!retryable(e) || next >= this.maxAttempts) throw new Error('No retry token available');
    return new Token(next, this.delayMs(next, e));
  }

  recordSuccess(_token: Token): void {}
}
