import fc from 'fast-check';
import { Anonymizer, AnonymizedUser, ExportSource, quasiIdentifiers } from './anonymized-export';
import { KAnonymityPlan } from './k-anonymity.plan';

/** The anonymized export's promises for any population: k holds, and no identifier survives. */
interface Person extends ExportSource {
  _id: string;
  nombre: string;
  email: string;
  nro_documento: string;
}

const hex = (length: number) => fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: length, maxLength: length });
const person: fc.Arbitrary<Person> = fc
  .record({
    id: hex(24),
    name: hex(10),
    document: fc.integer({ min: 10_000_000, max: 99_999_999 }),
    domain: fc.oneof(
      fc.constantFrom('gmail.com', 'hotmail.com', 'uni.edu'),
      hex(6).map((h) => `x${h}.io`),
    ),
    type: fc.constantFrom('DNI', 'Pasaporte', 'Cedula', 'Otro'),
    registered: fc.date({ min: new Date('2024-01-01T00:00:00Z'), max: new Date('2026-12-31T00:00:00Z'), noInvalidDate: true }),
    purchases: fc.array(fc.integer({ min: 1, max: 50_000 }), { maxLength: 3 }),
  })
  .map(({ id, name, document, domain, type, registered, purchases }) => ({
    _id: id,
    nombre: `Nombre${name}`,
    email: `persona.${name}@${domain}`,
    nro_documento: `D${document}`,
    dominio_email: domain,
    tipo_documento: type,
    fecha_registro: registered,
    historial_compras: Object.fromEntries(purchases.map((cents, i) => [`r${id}${i}`, { monto: cents / 100 }])),
  }));

async function anonymize(people: Person[], k: number): Promise<{ rows: AnonymizedUser[]; anonymizer: Anonymizer }> {
  const anonymizer = new Anonymizer(await KAnonymityPlan.build(k, people.map(quasiIdentifiers)));
  return { rows: people.map((p) => anonymizer.anonymize(p)).filter((row): row is AnonymizedUser => row !== undefined), anonymizer };
}

describe(`${Anonymizer.name} (properties)`, () => {
  const population = fc.array(person, { minLength: 1, maxLength: 120 });
  const k = fc.integer({ min: 2, max: 6 });

  it('releases every combination of quasi-identifiers at least k times, and counts every row once', async () => {
    await fc.assert(
      fc.asyncProperty(population, k, async (people, kValue) => {
        const { rows, anonymizer } = await anonymize(people, kValue);
        const counts = new Map<string, number>();
        for (const row of rows) {
          const key = `${row.dominio_email}|${row.tipo_documento}|${row.fecha_registro}`;
          counts.set(key, (counts.get(key) ?? 0) + 1);
        }
        for (const count of counts.values()) expect(count).toBeGreaterThanOrEqual(kValue);
        expect(anonymizer.summary.filas + anonymizer.summary.suprimidas).toBe(people.length);
        expect(rows).toHaveLength(anonymizer.summary.filas);
      }),
      { numRuns: 150 },
    );
  });

  it('lets no identifier through: id, name, e-mail (nor its local part), document, reservation ids', async () => {
    await fc.assert(
      fc.asyncProperty(population, k, async (people, kValue) => {
        const released = JSON.stringify((await anonymize(people, kValue)).rows);
        for (const p of people) {
          for (const identifier of [
            p._id,
            p.nombre,
            p.email,
            p.email.split('@')[0],
            p.nro_documento,
            ...Object.keys(p.historial_compras ?? {}),
          ]) {
            expect(released).not.toContain(identifier);
          }
        }
      }),
      { numRuns: 150 },
    );
  });
});
