import { Injectable, Optional } from '@nestjs/common';
import type { EventSnapshot } from '@eventflow/contracts';
import { DomainError } from '@eventflow/errors';
import { CacheMetrics, MetricsRegistry } from '@eventflow/metrics';
import { EventsEnv } from '../config/events.env';
import { EventRecord, publicView } from '../events/event.model';
import { EventRepository } from '../events/event.repository';
import { eventNotFound } from '../events/events.errors';
import { InventoryLevels } from '../inventory/inventory-levels';
import { EventCache } from './event.cache';
import { LocalEventReads } from './local-event-reads';

/** The cached JSON head of an event: its public view with the closing brace replaced. */
const headOf = (event: EventRecord) => `${JSON.stringify(publicView(event)).slice(0, -1)},"entradas_disponibles":`;

/**
 * One event with its live availability, for each way it is asked for: the public route's
 * JSON text, the fast path's cache-only answer, and the saga's snapshot.
 */
@Injectable()
export class GetEventUseCase {
  /** Concurrent misses for one event share a single MongoDB read (no cache stampede). */
  private readonly loading = new Map<string, Promise<string | undefined>>();
  private readonly redisCache: CacheMetrics;
  private readonly localCache: CacheMetrics;

  constructor(
    private readonly env: EventsEnv,
    private readonly events: EventRepository,
    private readonly levels: InventoryLevels,
    private readonly cache: EventCache,
    private readonly local: LocalEventReads,
    @Optional() registry: MetricsRegistry = new MetricsRegistry(),
  ) {
    this.redisCache = new CacheMetrics(registry, 'event');
    this.localCache = new CacheMetrics(registry, 'event_local');
  }

  /**
   * The public JSON of an event with its live availability. A hit is one Redis round trip
   * (MGET of the cached JSON and the counter) and never touches MongoDB.
   */
  async publicJson(eventoId: string): Promise<string> {
    const [cached, avail] = await this.cache.read(eventoId);
    if (cached !== null && avail !== null) {
      this.redisCache.hit();
      return `${cached}${Math.max(0, Number(avail))}}`;
    }
    this.redisCache.miss();
    const head = cached ?? (await this.load(eventoId));
    if (head === undefined) throw eventNotFound();
    const live = avail !== null ? Math.max(0, Number(avail)) : await this.levels.available(eventoId);
    if (live === undefined) throw eventNotFound();
    return `${head}${live}}`;
  }

  /** A cache hit only (undefined on a miss or any failure): from this process's memory, else one Redis round trip. */
  async cachedJson(eventoId: string): Promise<string | undefined> {
    const recent = this.local.get(eventoId);
    if (recent !== undefined) {
      this.localCache.hit();
      return recent;
    }
    this.localCache.miss();
    const readAt = this.local.begin();
    try {
      const [cached, avail] = await this.cache.read(eventoId);
      // A miss here is counted by publicJson, where the request falls through to.
      if (cached === null || avail === null) return undefined;
      this.redisCache.hit();
      const json = `${cached}${Math.max(0, Number(avail))}}`;
      this.local.remember(eventoId, json, readAt);
      return json;
    } catch {
      return undefined;
    }
  }

  async snapshot(eventoId: string): Promise<EventSnapshot | null> {
    try {
      const json = JSON.parse(await this.publicJson(eventoId)) as Record<string, unknown>;
      const { evento_id, nombre, fecha, estado, precio, aforo_total, entradas_disponibles, sala_de_espera } =
        json as unknown as EventSnapshot;
      return { evento_id, nombre, fecha, estado, precio, aforo_total, entradas_disponibles, ...(sala_de_espera && { sala_de_espera }) };
    } catch (error) {
      if (error instanceof DomainError && error.kind === 'not_found') return null;
      throw error;
    }
  }

  private load(eventoId: string): Promise<string | undefined> {
    let pending = this.loading.get(eventoId);
    if (!pending) {
      pending = (async () => {
        const generation = await this.cache.generation(eventoId).catch(() => undefined);
        const event = await this.events.findById(eventoId);
        if (!event) return undefined;
        const head = headOf(event);
        if (generation !== undefined)
          await this.cache.fill(eventoId, generation, head, this.env.EVENT_CACHE_TTL_SECONDS).catch(() => undefined);
        return head;
      })().finally(() => this.loading.delete(eventoId));
      this.loading.set(eventoId, pending);
    }
    return pending;
  }
}
