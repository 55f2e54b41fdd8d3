import { DomainError } from '@eventflow/errors';
import { aDraft, EVENT, USER } from './chain.fakes';
import { DataValidator } from './data.validator';

describe(DataValidator.name, () => {
  const validator = new DataValidator(4);

  it('accepts well-formed ids and a quantity within the per-reservation maximum', async () => {
    const draft = aDraft({ usuario_id: USER.toUpperCase(), cantidad: 4 });
    await validator.handle(draft);
    expect(draft).toMatchObject({ usuarioId: USER, eventoId: EVENT, cantidad: 4 });
  });

  it.each([
    ['zero tickets', { cantidad: 0 }, 'cantidad'],
    ['more than the per-reservation maximum', { cantidad: 5 }, 'cantidad'],
    ['a fractional quantity', { cantidad: 1.5 }, 'cantidad'],
    ['a quantity sent as text', { cantidad: '2' }, 'cantidad'],
    ['a malformed usuario_id', { usuario_id: 'nope' }, 'usuario_id'],
    ['a missing evento_id', { evento_id: undefined }, 'evento_id'],
  ])('rejects %s as invalid input naming the field', async (_label, request, field) => {
    const error = await validator.handle(aDraft(request)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ kind: 'invalid', extra: { details: [expect.objectContaining({ field })] } });
  });
});
