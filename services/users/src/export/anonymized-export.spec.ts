import { randomInt } from 'node:crypto';
import { Anonymizer, AnonymizedUser, ExportSource, quasiIdentifiers, renderExport } from './anonymized-export';
import { GENERALIZED_DOMAIN, KAnonymityPlan } from './k-anonymity.plan';
import { PseudonymSequence } from './pseudonym.sequence';

interface GeneratedUser extends ExportSource {
  _id: string;
  nombre: string;
  email: string;
  nro_documento: string;
}

const DOMAINS = ['gmail.com', 'gmail.com', 'gmail.com', 'hotmail.com', 'yahoo.es', 'uni.edu', 'tiny-company.io'];
const TYPES = ['DNI', 'DNI', 'DNI', 'Pasaporte', 'Cedula', 'Otro'];

function generateUsers(count: number): GeneratedUser[] {
  return Array.from({ length: count }, (_, i) => {
    const domain = DOMAINS[randomInt(DOMAINS.length)];
    return {
      _id: randomInt(2 ** 47)
        .toString(16)
        .padStart(24, 'a'),
      nombre: `Persona${i}X`,
      email: `persona.${i}.${randomInt(1e9)}@${domain}`,
      nro_documento: String(randomInt(10_000_000, 99_999_999)),
      dominio_email: domain,
      tipo_documento: TYPES[randomInt(TYPES.length)],
      fecha_registro: new Date(Date.UTC(2024 + randomInt(2), randomInt(12), 1 + randomInt(28), randomInt(24))),
      historial_compras: Object.fromEntries(
        Array.from({ length: randomInt(4) }, (_, j) => [`r${i}-${j}`, { monto: randomInt(1, 50_000) / 100 }]),
      ),
    };
  });
}

async function anonymizeAll(users: GeneratedUser[], k: number): Promise<{ rows: AnonymizedUser[]; anonymizer: Anonymizer }> {
  const plan = await KAnonymityPlan.build(k, users.map(quasiIdentifiers));
  const anonymizer = new Anonymizer(plan);
  const rows = users.map((u) => anonymizer.anonymize(u)).filter((r): r is AnonymizedUser => r !== undefined);
  return { rows, anonymizer };
}

describe(KAnonymityPlan.name, () => {
  it.each([2, 5, 10])('leaves every released combination with at least k=%i rows', async (k) => {
    const { rows } = await anonymizeAll(generateUsers(2_000), k);
    const counts = new Map<string, number>();
    for (const row of rows)
      counts.set(
        `${row.dominio_email}|${row.tipo_documento}|${row.fecha_registro}`,
        (counts.get(`${row.dominio_email}|${row.tipo_documento}|${row.fecha_registro}`) ?? 0) + 1,
      );
    for (const count of counts.values()) expect(count).toBeGreaterThanOrEqual(k);
  });

  it('generalizes the domain of a rare combination first, then the month, then suppresses', async () => {
    const row = (dominio_email: string, mes_registro: string, tipo_documento = 'DNI') => ({ dominio_email, tipo_documento, mes_registro });
    const plan = await KAnonymityPlan.build(2, [
      row('gmail.com', '2025-01'),
      row('gmail.com', '2025-01'),
      row('a.com', '2025-02'),
      row('b.com', '2025-02'),
      row('c.com', '2025-03'),
      row('d.com', '2025-04'),
      row('e.com', '2023-05', 'Otro'),
    ]);
    expect(plan.apply(row('gmail.com', '2025-01'))).toEqual({
      dominio_email: 'gmail.com',
      tipo_documento: 'DNI',
      fecha_registro: '2025-01',
    });
    expect(plan.apply(row('a.com', '2025-02'))).toEqual({
      dominio_email: GENERALIZED_DOMAIN,
      tipo_documento: 'DNI',
      fecha_registro: '2025-02',
    });
    expect(plan.apply(row('c.com', '2025-03'))).toEqual({
      dominio_email: GENERALIZED_DOMAIN,
      tipo_documento: 'DNI',
      fecha_registro: '2025',
    });
    expect(plan.apply(row('e.com', '2023-05', 'Otro'))).toBeUndefined();
    expect({ rows: plan.rows, generalized: plan.generalized, suppressed: plan.suppressed }).toEqual({
      rows: 7,
      generalized: 4,
      suppressed: 1,
    });
  });
});

describe(Anonymizer.name, () => {
  it('lets no identifier of the input appear anywhere in the output', async () => {
    const users = generateUsers(500);
    const { rows, anonymizer } = await anonymizeAll(users, 5);
    let output = '';
    for await (const chunk of renderExport(
      'json',
      anonymizer.summary,
      (async function* () {
        yield* rows;
      })(),
    ))
      output += chunk;
    for (const user of users) {
      expect(output).not.toContain(user._id);
      expect(output).not.toContain(user.nombre);
      expect(output).not.toContain(user.email.split('@')[0]);
      expect(output).not.toContain(user.nro_documento);
      expect(output).not.toContain(new Date(user.fecha_registro).toISOString());
    }
  });

  it('aggregates purchases in exact cents', async () => {
    const plan = await KAnonymityPlan.build(
      1 + 1,
      [0, 1].map(() => ({ dominio_email: 'x.com', tipo_documento: 'DNI', mes_registro: '2025-01' })),
    );
    const anonymizer = new Anonymizer(plan);
    const row = anonymizer.anonymize({
      dominio_email: 'x.com',
      tipo_documento: 'DNI',
      fecha_registro: new Date('2025-01-15'),
      historial_compras: { a: { monto: 0.1 }, b: { monto: 0.2 } },
    });
    expect(row).toMatchObject({ total_compras: 2, monto_total: 0.3, fecha_registro: '2025-01' });
  });

  it('numbers released rows Usuario_1..n without repeats', async () => {
    const { rows } = await anonymizeAll(generateUsers(300), 3);
    const numbers = rows.map((r) => Number(r.nombre_anonimizado.replace('Usuario_', ''))).sort((a, b) => a - b);
    expect(numbers).toEqual(Array.from({ length: rows.length }, (_, i) => i + 1));
  });
});

describe(PseudonymSequence.name, () => {
  it('draws a different order for each export', () => {
    const orders = new Set(
      Array.from({ length: 10 }, () => {
        const s = new PseudonymSequence(1_000);
        return [s.take(), s.take(), s.take()].join();
      }),
    );
    expect(orders.size).toBeGreaterThan(1);
  });

  it('stops after size numbers', () => {
    const sequence = new PseudonymSequence(2);
    expect([sequence.take(), sequence.take()].sort()).toEqual([1, 2]);
    expect(sequence.take()).toBeUndefined();
  });
});

describe(renderExport.name, () => {
  const row: AnonymizedUser = {
    nombre_anonimizado: 'Usuario_1',
    dominio_email: 'x.com',
    tipo_documento: 'DNI',
    fecha_registro: '2025-01',
    total_compras: 1,
    monto_total: 9.5,
  };
  const render = async (format: 'json' | 'ndjson' | 'csv') => {
    let text = '';
    for await (const chunk of renderExport(
      format,
      { k: 5, filas: 1, generalizadas: 0, suprimidas: 0 },
      (async function* () {
        yield row;
      })(),
    ))
      text += chunk;
    return text;
  };

  it('renders JSON with the summary first', async () => {
    expect(JSON.parse(await render('json'))).toEqual({ k: 5, filas: 1, generalizadas: 0, suprimidas: 0, usuarios: [row] });
  });

  it('renders NDJSON and CSV', async () => {
    expect(JSON.parse((await render('ndjson')).trim())).toEqual(row);
    expect((await render('csv')).trim().split('\n')).toEqual([
      'nombre_anonimizado,dominio_email,tipo_documento,fecha_registro,total_compras,monto_total',
      'Usuario_1,x.com,DNI,2025-01,1,9.5',
    ]);
  });
});
