import type { EventState } from '@eventflow/contracts';
import type { Principal } from '@eventflow/auth';
import { CatalogQuery, DescriptiveChanges, EventRecord, NewEvent } from './event.model';
import type { EventRepository } from './event.repository';

/** Test doubles of our own ports (not of libraries), shared by the events service's unit tests. */
export const ORGANIZER: Principal = { kind: 'staff', role: 'organizer', keyId: 'org1' };
export const OTHER_ORGANIZER: Principal = { kind: 'staff', role: 'organizer', keyId: 'org2' };
export const ADMIN: Principal = { kind: 'staff', role: 'admin', keyId: 'admin1' };

let sequence = 0;

export function anEventRecord(overrides: Partial<EventRecord> = {}): EventRecord {
  const id = (++sequence).toString(16).padStart(24, 'e');
  return {
    id,
    nombre: 'Concierto',
    descripcion: '',
    fecha: new Date('2030-02-01T20:00:00.000Z'),
    lugar: 'Estadio Nacional',
    aforo_total: 100,
    precio: 50,
    categoria: 'Concierto',
    estado: 'activo',
    organizador_id: 'org1',
    revision: 0,
    creado_en: new Date('2030-01-01T00:00:00.000Z'),
    actualizado_en: new Date('2030-01-01T00:00:00.000Z'),
    ...overrides,
  };
}

/** The repository's contract over a Map; `reads` counts look-ups by id. */
export class InMemoryEventRepository implements Pick<
  EventRepository,
  'create' | 'findById' | 'updateDescriptive' | 'setCapacity' | 'setState' | 'list'
> {
  readonly stored = new Map<string, EventRecord>();
  reads = 0;

  constructor(...events: EventRecord[]) {
    for (const event of events) this.stored.set(event.id, event);
  }

  /** Typed as the real repository for constructors that take one. */
  asRepository(): EventRepository {
    return this as unknown as EventRepository;
  }

  async create(event: NewEvent): Promise<EventRecord> {
    const record = anEventRecord({ ...event, estado: 'activo' });
    this.stored.set(record.id, record);
    return record;
  }

  async findById(id: string): Promise<EventRecord | undefined> {
    this.reads++;
    return this.stored.get(id);
  }

  async updateDescriptive(id: string, changes: DescriptiveChanges): Promise<void> {
    this.change(id, changes);
  }

  async setCapacity(id: string, expected: number, aforo: number, revision: number): Promise<boolean> {
    if (this.stored.get(id)?.aforo_total !== expected) return false;
    this.change(id, { aforo_total: aforo, revision });
    return true;
  }

  async setState(id: string, estado: EventState, revision: number): Promise<void> {
    this.change(id, { estado, revision });
  }

  async list(query: CatalogQuery): Promise<EventRecord[]> {
    const after = query.after;
    return [...this.stored.values()]
      .filter((event) => event.estado === query.estado && (!query.categoria || event.categoria === query.categoria))
      .sort((a, b) => a.fecha.getTime() - b.fecha.getTime() || a.id.localeCompare(b.id))
      .filter((event) => !after || event.fecha > after.fecha || (event.fecha.getTime() === after.fecha.getTime() && event.id > after.id))
      .slice(0, query.limit);
  }

  private change(id: string, changes: Partial<EventRecord>): void {
    const event = this.stored.get(id);
    if (event) this.stored.set(id, { ...event, ...changes });
  }
}
