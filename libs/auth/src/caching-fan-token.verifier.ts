import { createHash } from 'node:crypto';
import { FanTokenVerifier } from './fan-token.verifier';

/** Port onto users.authenticate, so the cache is testable without a transport. */
export type AuthenticateFan = (accessToken: string) => Promise<string | null>;

/**
 * How long "no such token" is remembered. Short, because nothing is lost by asking again, and
 * safe, because a token is unknown only until it is issued — and registration answers only after
 * the users service can resolve it.
 */
export const NEGATIVE_TTL_MS = 10_000;

interface Entry<T> {
  value: T;
  expiresAt: number;
}

/** A Map that keeps at most `size` entries (dropping the oldest) and forgets each after `ttlMs`. */
class ExpiringCache<T> {
  private readonly entries = new Map<string, Entry<T>>();

  constructor(
    private readonly ttlMs: number,
    private readonly size: number,
    private readonly now: () => number,
  ) {}

  get(key: string): T | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt > this.now()) return entry.value;
    this.entries.delete(key);
    return undefined;
  }

  set(key: string, value: T): void {
    if (this.ttlMs <= 0 || this.size <= 0) return;
    if (this.entries.size >= this.size) {
      // Maps iterate in insertion order: drop the oldest entry.
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(key, { value, expiresAt: this.now() + this.ttlMs });
  }
}

/**
 * Resolves fan tokens through the users service, keyed by a hash of the token and bounded in
 * size, sharing one in-flight lookup between concurrent requests with the same token:
 * - known tokens for the TTL, so the hot path does not pay an RPC per request (a revoked token
 *   may keep working for at most the TTL);
 * - unknown tokens for at most NEGATIVE_TTL_MS, in a cache of their own so that a flood of random
 *   tokens cannot push real fans out, and a repeated bad token costs one look-up per window.
 * A look-up that fails (users unreachable) is not remembered.
 */
export class CachingFanTokenVerifier implements FanTokenVerifier {
  private readonly known: ExpiringCache<string>;
  private readonly unknown: ExpiringCache<true>;
  private readonly inFlight = new Map<string, Promise<string | undefined>>();

  constructor(
    private readonly authenticate: AuthenticateFan,
    ttlMs: number,
    maxEntries: number,
    now: () => number = Date.now,
    private readonly metrics?: { hit(): void; miss(): void },
  ) {
    this.known = new ExpiringCache(ttlMs, maxEntries, now);
    this.unknown = new ExpiringCache(Math.min(ttlMs, NEGATIVE_TTL_MS), maxEntries, now);
  }

  /** The fan this token already resolved to in this process, without a look-up (a fast path's check). */
  remembered(token: string): string | undefined {
    return this.known.get(keyOf(token));
  }

  async verify(token: string): Promise<string | undefined> {
    const key = keyOf(token);
    const userId = this.known.get(key);
    if (userId !== undefined || this.unknown.get(key)) {
      this.metrics?.hit();
      return userId;
    }
    this.metrics?.miss();
    const pending = this.inFlight.get(key);
    if (pending) return pending;
    const lookup = this.lookup(key, token).finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, lookup);
    return lookup;
  }

  private async lookup(key: string, token: string): Promise<string | undefined> {
    const userId = (await this.authenticate(token)) ?? undefined;
    if (userId) this.known.set(key, userId);
    else this.unknown.set(key, true);
    return userId;
  }
}

const keyOf = (token: string): string => createHash('sha256').update(token).digest('base64url');
