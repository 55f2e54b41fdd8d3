import { createHash } from 'node:crypto';
import { FanTokenVerifier } from '@eventflow/auth';

/** Port onto users.authenticate, so the cache is testable without a transport. */
export type AuthenticateFan = (accessToken: string) => Promise<string | null>;

interface Entry {
  userId: string;
  expiresAt: number;
}

/**
 * Resolves fan tokens through the users service, caching positive answers briefly (keyed by a
 * hash of the token, bounded in size) so the hot path does not pay an RPC per request, and
 * sharing one in-flight lookup between concurrent requests with the same token.
 * A revoked token may keep working for at most the TTL.
 */
export class CachingFanTokenVerifier implements FanTokenVerifier {
  private readonly cache = new Map<string, Entry>();
  private readonly inFlight = new Map<string, Promise<string | undefined>>();

  constructor(
    private readonly authenticate: AuthenticateFan,
    private readonly ttlMs: number,
    private readonly maxEntries: number,
    private readonly now: () => number = Date.now,
  ) {}

  async verify(token: string): Promise<string | undefined> {
    const key = createHash('sha256').update(token).digest('base64url');
    const cached = this.cache.get(key);
    if (cached && cached.expiresAt > this.now()) return cached.userId;
    if (cached) this.cache.delete(key);
    const pending = this.inFlight.get(key);
    if (pending) return pending;
    const lookup = this.lookup(key, token).finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, lookup);
    return lookup;
  }

  private async lookup(key: string, token: string): Promise<string | undefined> {
    const userId = (await this.authenticate(token)) ?? undefined;
    if (userId && this.ttlMs > 0 && this.maxEntries > 0) {
      if (this.cache.size >= this.maxEntries) {
        // Maps iterate in insertion order: drop the oldest entry.
        const oldest = this.cache.keys().next().value;
        if (oldest !== undefined) this.cache.delete(oldest);
      }
      this.cache.set(key, { userId, expiresAt: this.now() + this.ttlMs });
    }
    return userId;
  }
}
