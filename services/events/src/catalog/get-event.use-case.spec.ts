import { EventsEnv } from '../config/events.env';
import { anEventRecord, InMemoryEventRepository } from '../events/event.fakes';
import { FakeInventoryLevels, InMemoryEventCache } from './catalog.fakes';
import { GetEventUseCase } from './get-event.use-case';
import { LocalEventReads } from './local-event-reads';

function aReader(...events: ReturnType<typeof anEventRecord>[]) {
  const repository = new InMemoryEventRepository(...events);
  const cache = new InMemoryEventCache();
  const levels = new FakeInventoryLevels();
  const local = new LocalEventReads(250);
  const get = new GetEventUseCase(new EventsEnv(), repository.asRepository(), levels.asLevels(), cache.asCache(), local);
  return { repository, cache, levels, local, get };
}

describe(GetEventUseCase.name, () => {
  it('loads an event missing from the cache once for all concurrent readers, and caches it', async () => {
    const event = anEventRecord();
    const { repository, cache, get } = aReader(event);
    cache.live.set(event.id, 12);
    const answers = await Promise.all(Array.from({ length: 5 }, () => get.publicJson(event.id)));
    expect(new Set(answers).size).toBe(1);
    expect(JSON.parse(answers[0])).toMatchObject({ evento_id: event.id, _id: event.id, nombre: event.nombre, entradas_disponibles: 12 });
    expect(repository.reads).toBe(1);
    await get.publicJson(event.id);
    expect(repository.reads).toBe(1);
  });

  it('does not cache what it read before a concurrent change invalidated the event', async () => {
    const event = anEventRecord();
    const { repository, cache, get } = aReader(event);
    cache.live.set(event.id, 3);
    const find = repository.findById.bind(repository);
    repository.findById = async (id) => {
      const found = await find(id);
      await cache.invalidate(id); // a PATCH lands while this read is in flight
      return found;
    };
    await get.publicJson(event.id);
    expect(cache.docs.has(event.id)).toBe(false);
  });

  it('answers the saga a snapshot, or null for an event that does not exist', async () => {
    const event = anEventRecord({ aforo_total: 80 });
    const { levels, get } = aReader(event);
    levels.availability.set(event.id, 60);
    expect(await get.snapshot(event.id)).toEqual({
      evento_id: event.id,
      nombre: event.nombre,
      fecha: event.fecha.toISOString(),
      estado: 'activo',
      precio: event.precio,
      aforo_total: 80,
      entradas_disponibles: 60,
    });
    expect(await get.snapshot('f'.repeat(24))).toBeNull();
    await expect(get.publicJson('f'.repeat(24))).rejects.toMatchObject({ code: 'EVENT.NOT_FOUND' });
  });

  it('answers the fast path from cache only, and keeps the answer in memory for a moment', async () => {
    const event = anEventRecord();
    const { cache, get } = aReader(event);
    cache.live.set(event.id, 9);
    expect(await get.cachedJson(event.id)).toBeUndefined(); // a miss falls through to the canonical route…
    await get.publicJson(event.id); // …which caches the event
    const hit = await get.cachedJson(event.id);
    expect(JSON.parse(hit!)).toMatchObject({ entradas_disponibles: 9 });
    cache.failWith = new Error('Connection is closed.');
    expect(await get.cachedJson(event.id)).toBe(hit);
    expect(await get.cachedJson('f'.repeat(24))).toBeUndefined();
  });
});
