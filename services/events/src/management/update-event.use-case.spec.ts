import { Logger } from '@nestjs/common';
import { capacityBelowSold } from '../events/events.errors';
import { ADMIN, anEventRecord, InMemoryEventRepository, ORGANIZER, OTHER_ORGANIZER } from '../events/event.fakes';
import { EventsEnv } from '../config/events.env';
import { FakeInventoryLevels, InMemoryEventCache } from '../catalog/catalog.fakes';
import { GetEventUseCase } from '../catalog/get-event.use-case';
import { LocalEventReads } from '../catalog/local-event-reads';
import { EventOwnership } from './event-ownership';
import { RecordingCapacity } from './management.fakes';
import { UpdateEventUseCase } from './update-event.use-case';

function anUpdate(event = anEventRecord()) {
  const events = new InMemoryEventRepository(event);
  const capacity = new RecordingCapacity();
  const cache = new InMemoryEventCache();
  cache.live.set(event.id, 40);
  const local = new LocalEventReads(250);
  const getEvent = new GetEventUseCase(
    new EventsEnv(),
    events.asRepository(),
    new FakeInventoryLevels().asLevels(),
    cache.asCache(),
    local,
  );
  const update = new UpdateEventUseCase(
    new EventOwnership(events.asRepository()),
    events.asRepository(),
    capacity.asCapacity(),
    cache.asCache(),
    local,
    getEvent,
  );
  return { event, events, capacity, cache, local, update };
}

describe(UpdateEventUseCase.name, () => {
  beforeAll(() => Logger.overrideLogger(false));

  it('changes the descriptive fields and answers the event as the public now sees it', async () => {
    const { event, events, update } = anUpdate();
    const json = await update.execute(event.id, { nombre: 'Otro nombre', precio: 75 }, ORGANIZER);
    expect(JSON.parse(json)).toMatchObject({ evento_id: event.id, nombre: 'Otro nombre', precio: 75, entradas_disponibles: 40 });
    expect(events.stored.get(event.id)).toMatchObject({ nombre: 'Otro nombre', precio: 75, lugar: event.lugar });
  });

  it('lets an admin change any event, and refuses another organizer (403) and an unknown event (404)', async () => {
    const { event, events, update } = anUpdate();
    await expect(update.execute(event.id, { lugar: 'Teatro' }, OTHER_ORGANIZER)).rejects.toMatchObject({
      code: 'EVENT.NOT_OWNER',
      kind: 'forbidden',
    });
    await expect(update.execute('f'.repeat(24), { lugar: 'Teatro' }, ADMIN)).rejects.toMatchObject({
      code: 'EVENT.NOT_FOUND',
      kind: 'not_found',
    });
    await update.execute(event.id, { lugar: 'Teatro' }, ADMIN);
    expect(events.stored.get(event.id)?.lugar).toBe('Teatro');
  });

  it('refuses a change that names no field, and any change to an event that is no longer active', async () => {
    const active = anUpdate();
    await expect(active.update.execute(active.event.id, {}, ORGANIZER)).rejects.toMatchObject({
      code: 'EVENT.NOTHING_TO_CHANGE',
      kind: 'invalid',
    });
    const cancelled = anUpdate(anEventRecord({ estado: 'cancelado' }));
    await expect(cancelled.update.execute(cancelled.event.id, { nombre: 'x' }, ORGANIZER)).rejects.toMatchObject({
      code: 'EVENT.NOT_ACTIVE',
      message: 'The event is cancelado and can no longer be changed',
    });
    expect(cancelled.capacity.calls).toEqual([]);
  });

  it('resizes first and cancels last, so a refused capacity leaves the rest unchanged', async () => {
    const { event, events, capacity, update } = anUpdate();
    await update.execute(event.id, { aforo_total: 120, nombre: 'Nuevo', estado: 'cancelado' }, ORGANIZER);
    expect(capacity.calls).toEqual([`resize ${event.id} ->120`, `cancel ${event.id}`]);

    const refused = anUpdate();
    refused.capacity.failWith.resize = capacityBelowSold(30, 50);
    await expect(refused.update.execute(refused.event.id, { aforo_total: 10, nombre: 'Nuevo' }, ORGANIZER)).rejects.toMatchObject({
      code: 'EVENT.CAPACITY_BELOW_SOLD',
      extra: { vendidas: 50, retenidas: 30 },
    });
    expect(refused.events.stored.get(refused.event.id)?.nombre).toBe(refused.event.nombre);
    expect(events.stored.get(event.id)?.nombre).toBe('Nuevo');
  });

  it('drops the event from both read caches even when the change fails part-way', async () => {
    const { event, cache, local, capacity, update } = anUpdate();
    cache.docs.set(event.id, 'the old head');
    local.remember(event.id, 'the old json', local.begin());
    capacity.failWith.cancel = new Error('Redis is unavailable');
    await expect(update.execute(event.id, { nombre: 'Nuevo', estado: 'cancelado' }, ORGANIZER)).rejects.toThrow('Redis is unavailable');
    expect(cache.docs.has(event.id)).toBe(false);
    expect(local.get(event.id)).toBeUndefined();
  });

  it('still answers when the Redis cache cannot be invalidated (the entry expires on its own)', async () => {
    const { event, cache, update } = anUpdate();
    const invalidate = cache.invalidate.bind(cache);
    cache.invalidate = () => Promise.reject(new Error('Connection is closed.'));
    const json = await update.execute(event.id, { nombre: 'Nuevo' }, ORGANIZER);
    expect(JSON.parse(json)).toMatchObject({ nombre: 'Nuevo' });
    cache.invalidate = invalidate;
  });
});
