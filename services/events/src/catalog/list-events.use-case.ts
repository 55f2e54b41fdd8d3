import { Injectable, Optional } from '@nestjs/common';
import { CacheMetrics, MetricsRegistry } from '@eventflow/metrics';
import { EventsEnv } from '../config/events.env';
import { CatalogQuery, EventRecord, publicView } from '../events/event.model';
import { EventRepository } from '../events/event.repository';
import { InventoryLevels } from '../inventory/inventory-levels';
import { invalidCursor, invalidDateRange } from './catalog.errors';
import { EventCache } from './event.cache';
import { ListEventsQuery } from './list-events.query';

const DEFAULT_PAGE = 20;

export interface CatalogPage {
  eventos: Array<Record<string, unknown>>;
  siguiente_cursor: string | null;
}

/**
 * The public catalog, a page at a time, sorted by fecha. Pages are cached under the catalog's
 * version (every write moves it on); availability is always read live, one MGET per page.
 */
@Injectable()
export class ListEventsUseCase {
  private readonly pages: CacheMetrics;

  constructor(
    private readonly env: EventsEnv,
    private readonly events: EventRepository,
    private readonly levels: InventoryLevels,
    private readonly cache: EventCache,
    @Optional() registry: MetricsRegistry = new MetricsRegistry(),
  ) {
    this.pages = new CacheMetrics(registry, 'catalog');
  }

  async execute(query: ListEventsQuery): Promise<CatalogPage> {
    const criteria = criteriaOf(query);
    const key = [
      criteria.estado,
      criteria.categoria ?? '',
      criteria.desde?.toISOString() ?? '',
      criteria.hasta?.toISOString() ?? '',
      criteria.limit,
      query.cursor ?? '',
    ].join('|');
    const { version, page } = await this.cache.readPage(key);
    let items: Array<Record<string, unknown>>;
    let next: string | null;
    if (page !== null) {
      this.pages.hit();
      ({ items, next } = JSON.parse(page) as { items: Array<Record<string, unknown>>; next: string | null });
    } else {
      this.pages.miss();
      const rows = await this.events.list(criteria);
      items = rows.map(publicView);
      const last = rows.at(-1);
      next = rows.length === criteria.limit && last ? encodeCursor(last) : null;
      await this.cache.writePage(version, key, JSON.stringify({ items, next }), this.env.CATALOG_CACHE_TTL_SECONDS).catch(() => undefined);
    }
    const counters = await this.cache.counters(items.map((item) => item.evento_id as string));
    const eventos = await Promise.all(
      items.map(async (item, i) => {
        const counter = counters[i];
        const live = counter !== null ? Math.max(0, Number(counter)) : await this.levels.available(item.evento_id as string);
        return { ...item, entradas_disponibles: live ?? 0 };
      }),
    );
    return { eventos, siguiente_cursor: next };
  }
}

function criteriaOf(query: ListEventsQuery): CatalogQuery {
  const criteria: CatalogQuery = { estado: query.estado ?? 'activo', limit: query.limit ?? DEFAULT_PAGE };
  if (query.categoria) criteria.categoria = query.categoria;
  if (query.desde) criteria.desde = new Date(query.desde);
  if (query.hasta) criteria.hasta = new Date(query.hasta);
  if (criteria.desde && criteria.hasta && criteria.desde > criteria.hasta) throw invalidDateRange();
  if (query.cursor) criteria.after = decodeCursor(query.cursor);
  return criteria;
}

function encodeCursor(event: EventRecord): string {
  return Buffer.from(`${event.fecha.getTime()}.${event.id}`).toString('base64url');
}

function decodeCursor(cursor: string): { fecha: Date; id: string } {
  const match = /^(\d{1,15})\.([0-9a-f]{24})$/.exec(Buffer.from(cursor, 'base64url').toString());
  if (!match) throw invalidCursor();
  return { fecha: new Date(Number(match[1])), id: match[2] };
}
