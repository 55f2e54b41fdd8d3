import { randomInt } from 'node:crypto';

let sequence = 0;
const unique = () => `${Date.now().toString(36)}${(sequence++).toString(36)}${randomInt(1_000_000).toString(36)}`;

/** A valid registration body; override any field. */
export function aFan(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const id = unique();
  return {
    tipo_documento: 'DNI',
    nro_documento: `${randomInt(10_000_000, 99_999_999)}${randomInt(10, 99)}`,
    nombre: 'Ana',
    apellido: 'García',
    email: `fan.${id}@example.com`,
    ...overrides,
  };
}

/** A valid event body, a month ahead; override any field. */
export function anEvent(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    nombre: `Concierto ${unique()}`,
    descripcion: 'Gran concierto de rock',
    fecha: new Date(Date.now() + 30 * 24 * 3600 * 1000).toISOString(),
    lugar: 'Estadio Nacional',
    aforo_total: 100,
    precio: 50,
    categoria: 'Concierto',
    ...overrides,
  };
}
