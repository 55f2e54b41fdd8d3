import { Inject, Injectable } from '@nestjs/common';
import type { RedisClient } from '@eventflow/redis';
import { defineScript, readMany, REDIS, RedisScript } from '@eventflow/redis';
import { inventoryKeys } from '../inventory/inventory.store';

const docKey = (eventoId: string) => `eventflow:events:{${eventoId}}:doc`;
const generationKey = (eventoId: string) => `eventflow:events:{${eventoId}}:gen`;

/**
 * The catalog has a hash tag of its own: the page script reads the version and a page together,
 * so they share one cluster slot. A page is stored as `<version>\n<JSON>` under a key without the
 * version (a script must name its keys up front, so it cannot build one from the version it reads);
 * a page stamped with an older version is a miss.
 */
export const catalogKeys = {
  version: 'eventflow:events:{catalog}:version',
  page: (query: string) => `eventflow:events:{catalog}:page:${query}`,
};
export const eventCacheKeys = { doc: docKey, generation: generationKey };

// One round trip: the current catalog version and the page, if it was cached under that version.
const READ_PAGE_LUA = `
local v = redis.call('GET', KEYS[1]) or '0'
local cached = redis.call('GET', KEYS[2])
if cached and string.sub(cached, 1, #v + 1) == v .. '\\n' then return {v, string.sub(cached, #v + 2)} end
return {v, false}
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

  constructor(@Inject(REDIS) private readonly redis: RedisClient) {
    this.readPageScript = defineScript(redis, { name: 'catalog-read-page', keys: 2, lua: READ_PAGE_LUA });
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

  /**
   * Drops the event and moves the catalog to a new version (old pages are misses, and expire on
   * their own). The event's keys and the catalog's are in different slots: two commands, in parallel.
   */
  async invalidate(eventoId: string | undefined): Promise<void> {
    const event = async () => {
      if (!eventoId) return;
      const results = await this.redis.pipeline().del(docKey(eventoId)).incr(generationKey(eventoId)).exec();
      const failed = results?.find(([error]) => error);
      if (failed) throw failed[0];
    };
    await Promise.all([event(), this.redis.incr(catalogKeys.version)]);
  }

  async readPage(query: string): Promise<{ version: string; page: string | null }> {
    const [version, page] = await this.readPageScript.run([catalogKeys.version, catalogKeys.page(query)]);
    return { version, page };
  }

  async writePage(version: string, query: string, page: string, ttlSeconds: number): Promise<void> {
    await this.redis.set(catalogKeys.page(query), `${version}\n${page}`, 'EX', ttlSeconds);
  }

  async counters(eventoIds: string[]): Promise<Array<string | null>> {
    return readMany(
      this.redis,
      eventoIds.map((id) => inventoryKeys(id).avail),
    );
  }
}
