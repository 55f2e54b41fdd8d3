import { anEventSnapshot, aValidDraft, FakeEventCatalog, NOW } from './chain.fakes';
import { InventoryValidator } from './inventory.validator';

describe(InventoryValidator.name, () => {
  const validatorFor = (catalog: FakeEventCatalog) => new InventoryValidator(catalog, () => NOW);

  it('passes an active future event with enough tickets on, keeping the snapshot for later links', async () => {
    const draft = aValidDraft({ cantidad: 3 });
    await validatorFor(new FakeEventCatalog(anEventSnapshot({ entradas_disponibles: 3 }))).handle(draft);
    expect(draft.event).toMatchObject({ entradas_disponibles: 3 });
  });

  it.each([
    ['fewer tickets than requested are left', anEventSnapshot({ entradas_disponibles: 1 }), 409, 'entradas_insuficientes'],
    ['the event was cancelled', anEventSnapshot({ estado: 'cancelado' }), 409, 'evento_no_activo'],
    ['the event already took place', anEventSnapshot({ fecha: '2029-12-31T00:00:00.000Z' }), 409, 'evento_pasado'],
    ['the event does not exist', null, 404, 'evento_inexistente'],
  ])('fails fast when %s', async (_label, event, status, motivo) => {
    const error = await validatorFor(new FakeEventCatalog(event))
      .handle(aValidDraft())
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: status === 404 ? 'not_found' : 'conflict', extra: { estado: 'fallida', motivo } });
  });
});
