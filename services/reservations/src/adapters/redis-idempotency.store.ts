import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type Redis from 'ioredis';
import { REDIS } from '@eventflow/redis';
import { ReservationsEnv } from '../config/reservations.env';

const KEY_PREFIX = 'eventflow:reservations:idem:';

/** What is remembered for a key: the body's hash and, once known, the outcome. */
export interface IdempotencyRecord {
  bodyHash: string;
  /** Set once a reservation exists, even when the request ended before the saga did. */
  reservaId?: string;
  /** A final outcome to replay verbatim: the created reservation, or the rejection. */
  response?: { created: unknown } | { rejected: { code: string; message: string; kind: string; extra?: Record<string, unknown> } };
}

export type IdempotencyClaim = { kind: 'new' } | { kind: 'conflict' } | { kind: 'seen'; record: IdempotencyRecord };

/**
 * Idempotency-Key storage in Redis, one key per (principal, key): SET NX decides which
 * request is first, and the body hash tells a true retry from a reused key.
 */
@Injectable()
export class IdempotencyStore {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    private readonly env: ReservationsEnv,
  ) {}

  static hashBody(body: unknown): string {
    return createHash('sha256').update(JSON.stringify(body)).digest('base64url');
  }

  async claim(principal: string, key: string, bodyHash: string): Promise<IdempotencyClaim> {
    const redisKey = this.key(principal, key);
    const record: IdempotencyRecord = { bodyHash };
    const created = await this.redis.set(redisKey, JSON.stringify(record), 'EX', this.env.IDEMPOTENCY_TTL_SECONDS, 'NX');
    if (created === 'OK') return { kind: 'new' };
    const raw = await this.redis.get(redisKey);
    if (raw === null) return this.claim(principal, key, bodyHash);
    const existing = JSON.parse(raw) as IdempotencyRecord;
    return existing.bodyHash === bodyHash ? { kind: 'seen', record: existing } : { kind: 'conflict' };
  }

  async save(principal: string, key: string, record: IdempotencyRecord): Promise<void> {
    await this.redis.set(this.key(principal, key), JSON.stringify(record), 'EX', this.env.IDEMPOTENCY_TTL_SECONDS, 'XX');
  }

  /** Forgets a key whose request created nothing (so the client may simply retry it). */
  async forget(principal: string, key: string): Promise<void> {
    await this.redis.del(this.key(principal, key));
  }

  private key(principal: string, key: string): string {
    return KEY_PREFIX + createHash('sha256').update(`${principal}\u0000${key}`).digest('base64url');
  }
}
