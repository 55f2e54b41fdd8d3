import { Inject, Injectable } from '@nestjs/common';
import type Redis from 'ioredis';
import { defineScript, REDIS, RedisScript } from '@eventflow/redis';
import { inventoryKeys } from '../inventory/inventory.store';

const docKey = (eventoId: string) => `eventflow:events:{${eventoId}}:doc`;
const generationKey = (eventoId: string) => `eventflow:events:{${eventoId}}:gen`;
const CATALOG_VERSION = 'eventflow:events:catalog:version';
const pageKey = (version: string, query: string) => `eventflow:events:catalog:v${version}:${query}`;

// One round trip: the current catalog version and the page cached under it.
const READ_PAGE_LUA = `
local v = redis.call('GET', KEYS[1]) or '0'
return {v, redis.call('GET', 'eventflow:events:catalog:v' .. v .. ':' .. ARGV[1])}
`;

const FILL_LUA = `
if (redis.call('GET', KEYS[1]) or '0') ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[2], ARGV[2], 'EX', ARGV[3])
return 1
`;

/**
 * Port over Redis for the read side. An event is cached as the JSON text of its public view
 * with the closing `,"entradas_disponibles":N}` left off, so a hit is completed with the live
 * counter by string concatenation: no parse, no serialization.
 */
@Injectable()
export class EventCache {
  private readonly readPageScript: RedisScript<[version: string, page: string | null]>;
  private readonly fillScript: RedisScript<number>;

  constructor(@Inject(REDIS) private readonly redis: Redis) {
    this.readPageScript = defineScript(redis, { name: 'catalog-read-page', keys: 1, lua: READ_PAGE_LUA });
    this.fillScript = defineScript(redis, { name: 'event-fill', keys: 2, lua: FILL_LUA });
  }

  /** The cached JSON head and the live counter, in one MGET. */
  async read(eventoId: string): Promise<[head: string | null, avail: string | null]> {
    const [head, avail] = await this.redis.mget(docKey(eventoId), inventoryKeys(eventoId).avail);
    return [head, avail];
  }

  /** The event's invalidation generation, read before loading it from MongoDB. */
  async generation(eventoId: string): Promise<string> {
    return (await this.redis.get(generationKey(eventoId))) ?? '0';
  }

  /**
   * Caches what was loaded unless the event was invalidated meanwhile: a read racing a write
   * must not put the old version back for a whole TTL.
   */
  async fill(eventoId: string, generation: string, head: string, ttlSeconds: number): Promise<void> {
    await this.fillScript.run([generationKey(eventoId), docKey(eventoId)], [generation, head, ttlSeconds]);
  }

  /** Drops the event and moves the catalog to a new version (old pages expire on their own). */
  async invalidate(eventoId: string | undefined): Promise<void> {
    const pipeline = this.redis.pipeline();
    if (eventoId) pipeline.del(docKey(eventoId)).incr(generationKey(eventoId));
    pipeline.incr(CATALOG_VERSION);
    const results = await pipeline.exec();
    const failed = results?.find(([error]) => error);
    if (failed) throw failed[0];
  }

  async readPage(query: string): Promise<{ version: string; page: string | null }> {
    const [version, page] = await this.readPageScript.run([CATALOG_VERSION], [query]);
    return { version, page };
  }

  async writePage(version: string, query: string, page: string, ttlSeconds: number): Promise<void> {
    await this.redis.set(pageKey(version, query), page, 'EX', ttlSeconds);
  }

  async counters(eventoIds: string[]): Promise<Array<string | null>> {
    if (eventoIds.length === 0) return [];
    return this.redis.mget(...eventoIds.map((id) => inventoryKeys(id).avail));
  }
}
