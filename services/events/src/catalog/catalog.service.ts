import { Injectable, Logger } from '@nestjs/common';
import type { EventSnapshot } from '@eventflow/contracts';
import { isAdmin, type Principal } from '@eventflow/auth';
import { DomainError } from '@eventflow/errors';
import { EventsEnv } from '../config/events.env';
import { CatalogQuery, DescriptiveChanges, EventRecord, publicView } from '../events/event.model';
import { EventRepository } from '../events/event.repository';
import { InventoryChanges } from '../inventory/inventory-changes';
import { InventoryReport, InventoryService } from '../inventory/inventory.service';
import { CreateEventDto, ListEventsQuery, UpdateEventDto } from './event.dto';
import { EventCache } from './event.cache';
import { LocalEventReads } from './local-event-reads';

const DEFAULT_PAGE = 20;
const notFound = () => new DomainError('EVENT.NOT_FOUND', 'Event not found', 'not_found');

/** The cached JSON head of an event: its public view with the closing brace replaced. */
const headOf = (event: EventRecord) => `${JSON.stringify(publicView(event)).slice(0, -1)},"entradas_disponibles":`;

export interface CatalogPage {
  eventos: Array<Record<string, unknown>>;
  siguiente_cursor: string | null;
}

@Injectable()
export class CatalogService {
  private readonly logger = new Logger(CatalogService.name);
  /** Concurrent misses for one event share a single MongoDB read (no cache stampede). */
  private readonly loading = new Map<string, Promise<string | undefined>>();
  private readonly local: LocalEventReads;

  constructor(
    private readonly env: EventsEnv,
    private readonly events: EventRepository,
    private readonly inventory: InventoryService,
    private readonly cache: EventCache,
    changes: InventoryChanges,
  ) {
    this.local = new LocalEventReads(env.EVENT_LOCAL_CACHE_MS);
    changes.onChange((eventoId) => this.local.forget(eventoId));
  }

  async create(input: CreateEventDto, owner: Principal): Promise<Record<string, unknown>> {
    const event = await this.events.create({
      nombre: input.nombre,
      descripcion: input.descripcion ?? '',
      fecha: new Date(input.fecha),
      lugar: input.lugar,
      aforo_total: input.aforo_total,
      precio: input.precio,
      categoria: input.categoria ?? 'Otro',
      organizador_id: owner.kind === 'staff' ? owner.keyId : owner.userId,
    });
    try {
      await this.inventory.initialize(event.id, event.aforo_total, event.estado);
      await this.cache.invalidate(undefined);
    } catch (error) {
      // The event exists; its counter is rebuilt from MongoDB on first use.
      this.logger.warn({ err: error, eventoId: event.id }, 'created an event while Redis was unavailable');
    }
    return { ...publicView(event), entradas_disponibles: event.aforo_total };
  }

  /**
   * The public JSON of an event with its live availability. A hit is one Redis round trip
   * (MGET of the cached JSON and the counter) and never touches MongoDB.
   */
  async publicJson(eventoId: string): Promise<string> {
    const [cached, avail] = await this.cache.read(eventoId);
    if (cached !== null && avail !== null) return `${cached}${Math.max(0, Number(avail))}}`;
    const head = cached ?? (await this.load(eventoId));
    if (head === undefined) throw notFound();
    const live = avail !== null ? Math.max(0, Number(avail)) : await this.inventory.available(eventoId);
    if (live === undefined) throw notFound();
    return `${head}${live}}`;
  }

  /** A cache hit only (undefined on a miss or any failure): from this process's memory, else one Redis round trip. */
  async cachedJson(eventoId: string): Promise<string | undefined> {
    const recent = this.local.get(eventoId);
    if (recent !== undefined) return recent;
    const readAt = this.local.begin();
    try {
      const [cached, avail] = await this.cache.read(eventoId);
      if (cached === null || avail === null) return undefined;
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
      const { evento_id, nombre, fecha, estado, precio, aforo_total, entradas_disponibles } = json as unknown as EventSnapshot;
      return { evento_id, nombre, fecha, estado, precio, aforo_total, entradas_disponibles };
    } catch (error) {
      if (error instanceof DomainError && error.kind === 'not_found') return null;
      throw error;
    }
  }

  async list(query: ListEventsQuery): Promise<CatalogPage> {
    const criteria = this.criteria(query);
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
      ({ items, next } = JSON.parse(page) as { items: Array<Record<string, unknown>>; next: string | null });
    } else {
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
        const live = counter !== null ? Math.max(0, Number(counter)) : await this.inventory.available(item.evento_id as string);
        return { ...item, entradas_disponibles: live ?? 0 };
      }),
    );
    return { eventos, siguiente_cursor: next };
  }

  async update(eventoId: string, changes: UpdateEventDto, principal: Principal): Promise<string> {
    const event = await this.owned(eventoId, principal);
    if (Object.values(changes).every((value) => value === undefined))
      throw new DomainError('EVENT.NOTHING_TO_CHANGE', 'Send at least one field to change', 'invalid');
    if (event.estado !== 'activo')
      throw new DomainError('EVENT.NOT_ACTIVE', `The event is ${event.estado} and can no longer be changed`, 'conflict');
    try {
      const descriptive: DescriptiveChanges = {};
      if (changes.nombre !== undefined) descriptive.nombre = changes.nombre;
      if (changes.descripcion !== undefined) descriptive.descripcion = changes.descripcion;
      if (changes.fecha !== undefined) descriptive.fecha = new Date(changes.fecha);
      if (changes.lugar !== undefined) descriptive.lugar = changes.lugar;
      if (changes.precio !== undefined) descriptive.precio = changes.precio;
      if (changes.categoria !== undefined) descriptive.categoria = changes.categoria;
      if (changes.aforo_total !== undefined) await this.inventory.resize(eventoId, event.aforo_total, changes.aforo_total);
      if (Object.keys(descriptive).length > 0) await this.events.updateDescriptive(eventoId, descriptive);
      if (changes.estado === 'cancelado') await this.inventory.cancel(eventoId);
    } finally {
      // Whatever part of the change landed must not be hidden behind a stale cache entry.
      this.local.forget(eventoId);
      await this.cache
        .invalidate(eventoId)
        .catch((error: unknown) => this.logger.error({ err: error, eventoId }, 'could not invalidate the event cache'));
    }
    return this.publicJson(eventoId);
  }

  async inventoryReport(eventoId: string, principal: Principal): Promise<InventoryReport & { evento_id: string }> {
    const event = await this.owned(eventoId, principal);
    return { evento_id: eventoId, ...(await this.inventory.report(eventoId, event.aforo_total)) };
  }

  /** The owning organizer or any admin; another organizer gets 403, an unknown event 404. */
  private async owned(eventoId: string, principal: Principal): Promise<EventRecord> {
    const event = await this.events.findById(eventoId);
    if (!event) throw notFound();
    const isOwner = principal.kind === 'staff' && principal.keyId === event.organizador_id;
    if (!isAdmin(principal) && !isOwner)
      throw new DomainError('EVENT.NOT_OWNER', 'Only the organizer who created this event (or an admin) may do this', 'forbidden');
    return event;
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

  private criteria(query: ListEventsQuery): CatalogQuery {
    const criteria: CatalogQuery = { estado: query.estado ?? 'activo', limit: query.limit ?? DEFAULT_PAGE };
    if (query.categoria) criteria.categoria = query.categoria;
    if (query.desde) criteria.desde = new Date(query.desde);
    if (query.hasta) criteria.hasta = new Date(query.hasta);
    if (criteria.desde && criteria.hasta && criteria.desde > criteria.hasta) {
      throw new DomainError('CATALOG.INVALID_RANGE', 'desde must not be after hasta', 'invalid');
    }
    if (query.cursor) criteria.after = decodeCursor(query.cursor);
    return criteria;
  }
}

function encodeCursor(event: EventRecord): string {
  return Buffer.from(`${event.fecha.getTime()}.${event.id}`).toString('base64url');
}

function decodeCursor(cursor: string): { fecha: Date; id: string } {
  const match = /^(\d{1,15})\.([0-9a-f]{24})$/.exec(Buffer.from(cursor, 'base64url').toString());
  if (!match) throw new DomainError('CATALOG.INVALID_CURSOR', 'cursor is not one this API handed out', 'invalid');
  return { fecha: new Date(Number(match[1])), id: match[2] };
}
