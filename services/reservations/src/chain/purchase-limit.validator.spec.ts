import { anEventSnapshot, aValidDraft, InMemoryPurchaseLimitStore } from './chain.fakes';
import { PurchaseLimitValidator } from './purchase-limit.validator';

describe(PurchaseLimitValidator.name, () => {
  it('holds the tickets against the fan’s limit for the event', async () => {
    const limits = new InMemoryPurchaseLimitStore();
    const draft = aValidDraft({ cantidad: 4, event: anEventSnapshot() });
    await new PurchaseLimitValidator(limits, 10).handle(draft);
    expect(draft.limitHeld).toBe(true);
    expect(limits.total()).toBe(4);
  });

  it('rejects a fan who already holds 10 tickets for the event', async () => {
    const limits = new InMemoryPurchaseLimitStore();
    const validator = new PurchaseLimitValidator(limits, 10);
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
    const validator = new PurchaseLimitValidator(limits, 10);
    await validator.handle(aValidDraft({ cantidad: 1, event: anEventSnapshot({ aforo_total: 100, entradas_disponibles: 100 }) }));
    await validator.handle(aValidDraft({ cantidad: 1, event: anEventSnapshot({ aforo_total: 100, entradas_disponibles: 99 }) }));
    expect(asked).toEqual([true, false]);
  });

  it('lets concurrent requests of one fan through only up to the limit', async () => {
    const limits = new InMemoryPurchaseLimitStore();
    const validator = new PurchaseLimitValidator(limits, 10);
    const results = await Promise.allSettled(
      Array.from({ length: 8 }, () => validator.handle(aValidDraft({ cantidad: 3, event: anEventSnapshot() }))),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(3);
    expect(limits.total()).toBe(9);
  });
});
