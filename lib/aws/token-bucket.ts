/** Settings of one {@link TokenBucket}. */
export interface TokenBucketOptions {
  /** Tokens available at once (AWS's "bucket size"). */
  readonly capacity: number;
  /** Tokens added per second (AWS's "refill rate"). */
  readonly refillPerSecond: number;
  /** Clock in ms; default `performance.now`-like monotonic time. */
  readonly now?: () => number;
}

/**
 * AWS's API quota model: a bucket of `capacity` tokens refilled at `refillPerSecond`; each
 * call takes one. `take()` waits (FIFO) until a token is there, so callers pace themselves
 * instead of collecting `ThrottlingException`s.
 */
export class TokenBucket {
  private tokens: number;
  private last: number;
  private tail: Promise<void> = Promise.resolve();
  private readonly now: () => number;

  constructor(private readonly options: TokenBucketOptions) {
    this.now = options.now ?? (() => performance.now());
    this.tokens = options.capacity;
    this.last = this.now();
  }

  /** Takes a token now when one is there; false otherwise (the fake AWS answers throttled). */
  tryTake(): boolean {
    this.refill();
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  /** Waits for a token and takes it; `signal` abandons the wait. */
  take(signal?: AbortSignal): Promise<void> {
    const turn = this.tail.then(() => this.waitForToken(signal));
    this.tail = turn.catch(() => {});
    return turn;
  }

  /** Empties the bucket (after AWS throttled us anyway: another process shares the quota). */
  drain(): void {
    this.refill();
    this.tokens = Math.min(this.tokens, 0);
  }

  private async waitForToken(signal: AbortSignal | undefined): Promise<void> {
    for (;;) {
      signal?.throwIfAborted();
      if (this.tryTake()) return;
      const waitMs = ((1 - this.tokens) / this.options.refillPerSecond) * 1000;
      await new Promise((resolve) => setTimeout(resolve, Math.max(1, Math.ceil(waitMs))));
    }
  }

  private refill(): void {
    const now = this.now();
    this.tokens = Math.min(
      this.options.capacity,
      this.tokens + ((now - this.last) / 1000) * this.options.refillPerSecond,
    );
    this.last = now;
  }
}
