import { InMemoryWatch } from '../ports/ports.fakes';
import { anEventSnapshot, aValidDraft, InMemoryPurchaseLimitStore } from './chain.fakes';
import { PurchaseLimitValidator } from './purchase-limit.validator';

describe(PurchaseLimitValidator.name, () => {
  it('holds the tickets against the fan’s limit for the event', async () => {
    const limits = new InMemoryPurchaseLimitStore();
    const draft = aValidDraft({ cantidad: 4, event: anEventSnapshot() });
    await new PurchaseLimitValidator(limits, 10, new InMemoryWatch()).handle(draft);
    expect(draft.limitHeld).toBe(true);
    expect(limits.total()).toBe(4);
  });

  it('rejects a fan who already holds 10 tickets for the event', async () => {
    const limits = new InMemoryPurchaseLimitStore();
    const validator = new PurchaseLimitValidator(limits, 10, new InMemoryWatch());
    for (let i = 0; i < 5; i++) await validator.handle(aValidDraft({ cantidad: 2, event: anEventSnapshot() }));
    const error = await validator.handle(aValidDraft({ cantidad: 1, event: anEventSnapshot() })).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'conflict', extra: { estado: 'fallida', motivo: 'limite_de_compra' } });
    expect(limits.total()).toBe(10);
  });

  it('tells the store when the event has sold nothing yet (no counters can exist to rebuild)', async () => {
    const limits = new InMemoryPurchaseLimitStore();
    const asked: (boolean | undefined)[] = [];
    const hold = limits.hold.bind(limits);
    limits.hold = (request) => {
      asked.push(request.nothingSold);
      return hold(request);
    };
    const validator = new PurchaseLimitValidator(limits, 10, new InMemoryWatch());
    await validator.handle(aValidDraft({ cantidad: 1, event: anEventSnapshot({ aforo_total: 100, entradas_disponibles: 100 }) }));
    await validator.handle(aValidDraft({ cantidad: 1, event: anEventSnapshot({ aforo_total: 100, entradas_disponibles: 99 }) }));
    expect(asked).toEqual([true, false]);
  });

  it('lets concurrent requests of one fan through only up to the limit', async () => {
    const limits = new InMemoryPurchaseLimitStore();
    const validator = new PurchaseLimitValidator(limits, 10, new InMemoryWatch());
    const results = await Promise.allSettled(
      Array.from({ length: 8 }, () => validator.handle(aValidDraft({ cantidad: 3, event: anEventSnapshot() }))),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(3);
    expect(limits.total()).toBe(9);
  });

  it('L11: has recovery watch the reservation before the hold, and forgets it when the limit refuses', async () => {
    const watch = new InMemoryWatch();
    const validator = new PurchaseLimitValidator(new InMemoryPurchaseLimitStore(), 4, watch);
    const held = aValidDraft({ cantidad: 3, event: anEventSnapshot() });
    await validator.handle(held);
    expect(watch.watched.get(held.reservaId)).toEqual({ usuarioId: held.usuarioId, eventoId: held.eventoId });
    const refused = aValidDraft({ cantidad: 2, event: anEventSnapshot() });
    await expect(validator.handle(refused)).rejects.toMatchObject({ extra: { motivo: 'limite_de_compra' } });
    expect(watch.watched.has(refused.reservaId)).toBe(false);
  });
});
