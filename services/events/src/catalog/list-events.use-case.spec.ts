import { EventsEnv } from '../config/events.env';
import { anEventRecord, InMemoryEventRepository } from '../events/event.fakes';
import { FakeInventoryLevels, InMemoryEventCache } from './catalog.fakes';
import { ListEventsUseCase } from './list-events.use-case';

function aCatalog(...events: ReturnType<typeof anEventRecord>[]) {
  const repository = new InMemoryEventRepository(...events);
  const cache = new InMemoryEventCache();
  const levels = new FakeInventoryLevels();
  const list = new ListEventsUseCase(new EventsEnv(), repository.asRepository(), levels.asLevels(), cache.asCache());
  return { repository, cache, levels, list };
}

const on = (day: number) => new Date(Date.UTC(2030, 0, day, 20));

describe(ListEventsUseCase.name, () => {
  it('pages through active events by fecha with a cursor, with live availability', async () => {
    const [a, b, c] = [anEventRecord({ fecha: on(3) }), anEventRecord({ fecha: on(1) }), anEventRecord({ fecha: on(2) })];
    const { cache, list } = aCatalog(a, b, c, anEventRecord({ fecha: on(4), estado: 'cancelado' }));
    for (const [event, avail] of [
      [a, 1],
      [b, 2],
      [c, 3],
    ] as const)
      cache.live.set(event.id, avail);
    const first = await list.execute({ limit: 2 });
    expect(first.eventos.map((e) => [e.evento_id, e.entradas_disponibles])).toEqual([
      [b.id, 2],
      [c.id, 3],
    ]);
    const second = await list.execute({ limit: 2, cursor: first.siguiente_cursor! });
    expect(second).toEqual({ eventos: [expect.objectContaining({ evento_id: a.id, entradas_disponibles: 1 })], siguiente_cursor: null });
  });

  it('serves a cached page without asking MongoDB, but never cached availability', async () => {
    const event = anEventRecord();
    const { repository, cache, list } = aCatalog(event);
    cache.live.set(event.id, 10);
    await list.execute({});
    repository.stored.clear();
    cache.live.set(event.id, 7);
    expect((await list.execute({})).eventos).toEqual([expect.objectContaining({ evento_id: event.id, entradas_disponibles: 7 })]);
  });

  it('asks the inventory for a counter Redis does not have (it rebuilds it), and shows 0 for one it cannot find', async () => {
    const [known, lost] = [anEventRecord({ fecha: on(1) }), anEventRecord({ fecha: on(2) })];
    const { levels, list } = aCatalog(known, lost);
    levels.availability.set(known.id, 5);
    const page = await list.execute({});
    expect(page.eventos.map((e) => e.entradas_disponibles)).toEqual([5, 0]);
    expect(levels.asked).toEqual([known.id, lost.id]);
  });

  it('refuses a date range that ends before it starts, and a cursor it never handed out', async () => {
    const { list } = aCatalog();
    await expect(list.execute({ desde: '2030-02-01T00:00:00Z', hasta: '2030-01-01T00:00:00Z' })).rejects.toMatchObject({
      code: 'CATALOG.INVALID_RANGE',
      kind: 'invalid',
    });
    await expect(list.execute({ cursor: 'bm90LWEtY3Vyc29y' })).rejects.toMatchObject({ code: 'CATALOG.INVALID_CURSOR', kind: 'invalid' });
  });
});
