import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { AppendPurchaseMessage } from './users.messages';

const anAppend = (overrides: Record<string, unknown> = {}) => ({
  usuario_id: 'a'.repeat(24),
  reserva_id: 'r-1',
  evento_id: 'e'.repeat(24),
  cantidad: 2,
  monto: 100.5,
  fecha_compra: '2030-01-02T10:00:00.000Z',
  ...overrides,
});

/** What the RPC validation refuses, by field; it must answer, never throw (RPC skips the HTTP body checks). */
async function refused(plain: Record<string, unknown>): Promise<string[]> {
  return (await validate(plainToInstance(AppendPurchaseMessage, plain))).map((error) => error.property);
}

describe(AppendPurchaseMessage.name, () => {
  it('accepts what the saga sends', async () => {
    expect(await refused(anAppend())).toEqual([]);
    expect(await refused(anAppend({ monto: 0 }))).toEqual([]);
    expect(await refused(anAppend({ monto: 0.29 }))).toEqual([]);
  });

  it.each([1e-7, 5e-324, 1.005e-3, 10.125, Number.NaN, Infinity])('B5: refuses monto %p by its cents, without throwing', async (monto) => {
    expect(await refused(anAppend({ monto }))).toEqual(['monto']);
  });

  it.each(['2030-W01', '2030-01-02T10', '20300102'])('refuses fecha_compra %p, which new Date cannot read', async (fecha_compra) => {
    expect(await refused(anAppend({ fecha_compra }))).toEqual(['fecha_compra']);
  });
});
