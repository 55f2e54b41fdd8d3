import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { ListEventsQuery } from '../catalog/list-events.query';
import { CreateEventDto, UpdateEventDto } from './event.dto';

const aCreation = (overrides: Record<string, unknown> = {}) => ({
  nombre: 'Concierto',
  fecha: '2099-06-01T20:00:00Z',
  lugar: 'Estadio',
  aforo_total: 100,
  precio: 50,
  ...overrides,
});

/** The fields class-validator refused, and with what; it must answer, never throw. */
async function refused(type: new () => object, plain: Record<string, unknown>): Promise<Record<string, string[]>> {
  const errors = await validate(plainToInstance(type, plain), { whitelist: true, forbidNonWhitelisted: true });
  return Object.fromEntries(errors.map((error) => [error.property, Object.keys(error.constraints ?? {})]));
}

describe('event bodies', () => {
  it.each([1e-7, 5e-324, 1e-300, 12.345, 0.001, Number.NaN, Infinity])(
    'B5: refuses the price %p by its cents, without throwing',
    async (precio) => {
      expect(await refused(CreateEventDto, aCreation({ precio }))).toEqual({ precio: expect.arrayContaining(['isCents']) });
      expect(await refused(UpdateEventDto, { precio })).toEqual({ precio: expect.arrayContaining(['isCents']) });
    },
  );

  it.each([0, 50, 0.29, 19.99, 1234567.89, 10_000_000])('B5: accepts the price %p', async (precio) => {
    expect(await refused(CreateEventDto, aCreation({ precio }))).toEqual({});
    expect(await refused(UpdateEventDto, { precio })).toEqual({});
  });

  it.each(['nombre', 'descripcion', 'fecha', 'lugar', 'aforo_total', 'precio', 'categoria', 'estado'])(
    'B6: refuses a null %s in a PATCH (it would be stored)',
    async (field) => {
      expect(Object.keys(await refused(UpdateEventDto, { [field]: null }))).toEqual([field]);
    },
  );

  it('B6: refuses null optional fields at creation too', async () => {
    expect(Object.keys(await refused(CreateEventDto, aCreation({ descripcion: null, categoria: null })))).toEqual([
      'descripcion',
      'categoria',
    ]);
  });

  it.each(['2099-W01', '20990101', '2099-01-01T10', '2099-02-30T20:00:00Z', '2099-01-01T24:00:00Z', '2099-01-01T20:00:00', '2099-01-01'])(
    'refuses the event date %p, which is no RFC 3339 date-time',
    async (fecha) => {
      expect(await refused(CreateEventDto, aCreation({ fecha }))).toEqual({ fecha: expect.arrayContaining(['isRfc3339']) });
    },
  );

  it('accepts RFC 3339 event dates with fractions and offsets, in the future only', async () => {
    expect(await refused(CreateEventDto, aCreation({ fecha: '2099-06-01T20:00:00.123+02:00' }))).toEqual({});
    expect(await refused(CreateEventDto, aCreation({ fecha: '2001-06-01T20:00:00Z' }))).toEqual({ fecha: ['isInTheFuture'] });
  });
});

describe(ListEventsQuery.name, () => {
  it.each(['2030-W01', '20300101', '2030-01-01T10', '2030-02-30', '2030-13-01', '2030-01-01T10:00:00+25:00', 'ayer'])(
    'L4: refuses the bound %p, which new Date cannot read (it answered 500)',
    async (value) => {
      expect(await refused(ListEventsQuery, { desde: value, hasta: value })).toEqual({ desde: ['isRfc3339'], hasta: ['isRfc3339'] });
    },
  );

  it.each(['2030-01-01', '2030-01-01T10:00:00Z', '2030-01-01T10:00:00.5-03:00'])('accepts the bound %p', async (value) => {
    const query = plainToInstance(ListEventsQuery, { desde: value });
    expect(await validate(query)).toEqual([]);
    expect(Number.isFinite(new Date(query.desde!).getTime())).toBe(true);
  });
});
