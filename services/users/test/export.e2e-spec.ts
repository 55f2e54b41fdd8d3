import { aFan, api, sharedStack } from '@eventflow/testing';

const stack = sharedStack();
const users = api(stack.services.users.url);

describe('GET /api/users/exportar', () => {
  const registeredEmails: string[] = [];
  const registeredNames: string[] = [];

  beforeAll(async () => {
    // Enough fans on one domain to pass k, plus a few on rare domains that must be generalized.
    const bodies = [
      ...Array.from({ length: 6 }, (_, i) => aFan({ email: `common${i}.${Date.now()}@export-common.test`, nombre: `Nombre${i}Unico` })),
      ...Array.from({ length: 2 }, (_, i) => aFan({ email: `rare${i}.${Date.now()}@rare-${i}.test`, tipo_documento: 'Cedula' })),
    ];
    for (const body of bodies) {
      const response = await users.post('/api/users', body);
      expect(response.status).toBe(201);
      registeredEmails.push(String(body.email));
      registeredNames.push(String(body.nombre));
    }
  });

  it('is for analysts and admins only', async () => {
    expect((await users.get('/api/users/exportar')).status).toBe(401);
    expect((await users.get('/api/users/exportar', { token: stack.keys.organizer })).status).toBe(403);
    const fan = await users.post('/api/users', aFan());
    expect((await users.get('/api/users/exportar', { token: fan.body.access_token })).status).toBe(403);
    expect((await users.get('/api/users/exportar', { token: stack.keys.admin })).status).toBe(200);
  });

  it('downloads JSON with k, the counts, and no identifier', async () => {
    const response = await users.get('/api/users/exportar', { token: stack.keys.analyst });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toMatch(
      /^attachment; filename="eventflow-usuarios-anonimizados-\d{4}-\d{2}-\d{2}\.json"$/,
    );
    const { k, filas, generalizadas, suprimidas, usuarios } = response.body;
    expect(k).toBe(5);
    expect(response.headers.get('x-export-k')).toBe('5');
    expect(usuarios).toHaveLength(filas);
    expect(generalizadas + suprimidas).toBeGreaterThan(0);
    for (const row of usuarios) {
      expect(Object.keys(row).sort()).toEqual([
        'dominio_email',
        'fecha_registro',
        'monto_total',
        'nombre_anonimizado',
        'tipo_documento',
        'total_compras',
      ]);
      expect(row.nombre_anonimizado).toMatch(/^Usuario_\d+$/);
      expect(row.fecha_registro).toMatch(/^\d{4}(-\d{2})?$/);
    }
    expect(usuarios.map((r: { dominio_email: string }) => r.dominio_email)).toContain('export-common.test');
    expect(usuarios.map((r: { dominio_email: string }) => r.dominio_email)).not.toContain('rare-0.test');
    for (const secret of [...registeredEmails, ...registeredNames]) expect(response.text).not.toContain(secret);
    expect(response.text).not.toMatch(/[0-9a-f]{24}/);
  });

  it('keeps every released combination at least k rows strong', async () => {
    const { body } = await users.get('/api/users/exportar', { token: stack.keys.analyst });
    const counts = new Map<string, number>();
    for (const row of body.usuarios) {
      const key = `${row.dominio_email}|${row.tipo_documento}|${row.fecha_registro}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    for (const count of counts.values()) expect(count).toBeGreaterThanOrEqual(body.k);
  });

  it('numbers pseudonyms afresh for every export', async () => {
    const first = await users.get('/api/users/exportar?format=ndjson', { token: stack.keys.analyst });
    const orders = new Set<string>();
    for (let attempt = 0; attempt < 5 && orders.size < 2; attempt++) {
      const again = await users.get('/api/users/exportar?format=ndjson', { token: stack.keys.analyst });
      orders.add(again.text.split('\n').slice(0, 5).join());
      orders.add(first.text.split('\n').slice(0, 5).join());
    }
    expect(orders.size).toBeGreaterThan(1);
  });

  it('streams NDJSON and CSV', async () => {
    const ndjson = await users.get('/api/users/exportar?format=ndjson', { token: stack.keys.analyst });
    expect(ndjson.headers.get('content-type')).toContain('application/x-ndjson');
    const lines = ndjson.text.trim().split('\n');
    expect(lines.length).toBe(Number(ndjson.headers.get('x-export-rows')));
    expect(JSON.parse(lines[0])).toHaveProperty('nombre_anonimizado');

    const csv = await users.get('/api/users/exportar?format=csv', { token: stack.keys.analyst });
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(csv.headers.get('content-disposition')).toContain('.csv"');
    const [header, ...rows] = csv.text.trim().split('\n');
    expect(header).toBe('nombre_anonimizado,dominio_email,tipo_documento,fecha_registro,total_compras,monto_total');
    expect(rows.length).toBe(Number(csv.headers.get('x-export-rows')));
  });

  it('rejects an unknown format with a 400', async () => {
    const response = await users.get('/api/users/exportar?format=xml', { token: stack.keys.analyst });
    expect(response.status).toBe(400);
    expect(response.body.message).toContain('format');
  });
});
