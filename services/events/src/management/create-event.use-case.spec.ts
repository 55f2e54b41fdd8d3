import { Logger } from '@nestjs/common';
import { InMemoryEventCache } from '../catalog/catalog.fakes';
import { ADMIN, InMemoryEventRepository, ORGANIZER } from '../events/event.fakes';
import { CreateEventUseCase } from './create-event.use-case';
import { CreateEventDto } from './event.dto';
import { RecordingCapacity } from './management.fakes';

const aCreation = (): CreateEventDto => ({
  nombre: 'Concierto de rock',
  fecha: '2030-06-01T20:00:00.000Z',
  lugar: 'Estadio Nacional',
  aforo_total: 300,
  precio: 50,
});

function aCreator() {
  const events = new InMemoryEventRepository();
  const capacity = new RecordingCapacity();
  const cache = new InMemoryEventCache();
  return { events, capacity, cache, create: new CreateEventUseCase(events.asRepository(), capacity.asCapacity(), cache.asCache()) };
}

describe(CreateEventUseCase.name, () => {
  beforeAll(() => Logger.overrideLogger(false));

  it('publishes an event on sale in full, owned by the key that created it, and moves the catalog on', async () => {
    const { events, capacity, cache, create } = aCreator();
    const created = await create.execute(aCreation(), ORGANIZER);
    expect(created).toMatchObject({
      nombre: 'Concierto de rock',
      categoria: 'Otro',
      descripcion: '',
      estado: 'activo',
      entradas_disponibles: 300,
    });
    expect(created).not.toHaveProperty('organizador_id');
    const id = created.evento_id as string;
    expect(events.stored.get(id)?.organizador_id).toBe('org1');
    expect(capacity.calls).toEqual([`initialize ${id} 300`]);
    expect(cache.version).toBe(1);
    expect((await create.execute(aCreation(), ADMIN)).evento_id).not.toBe(id);
  });

  it('still publishes the event while Redis is unavailable: its counter is rebuilt on first use', async () => {
    const { events, capacity, create } = aCreator();
    capacity.failWith.initialize = new Error('Connection is closed.');
    const created = await create.execute(aCreation(), ORGANIZER);
    expect(created.entradas_disponibles).toBe(300);
    expect(events.stored.has(created.evento_id as string)).toBe(true);
  });
});
