import { randomBytes } from 'node:crypto';
import { request } from 'node:http';
import { MongoClient } from 'mongodb';
import { sharedStack } from '@eventflow/testing';

const stack = sharedStack();
const USERS = 3_000;
const DOMAIN = `bulk-${randomBytes(4).toString('hex')}.test`;

interface StreamedResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  chunks: number;
  lines: string[];
}

/** Reads the response as it arrives, counting the chunks the server flushed. */
function download(path: string, token: string): Promise<StreamedResponse> {
  return new Promise((resolve, reject) => {
    const req = request(`${stack.services.users.url}${path}`, { headers: { authorization: `Bearer ${token}` } }, (res) => {
      let chunks = 0;
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        chunks++;
        text += chunk;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, chunks, lines: text.trim().split('\n') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

describe('GET /api/users/exportar with thousands of users', () => {
  let client: MongoClient;

  beforeAll(async () => {
    // Setup only: thousands of registrations through the API would take minutes on FerretDB.
    client = await MongoClient.connect(stack.mongoUrl);
    const month = new Date(Date.UTC(2024, 2, 15));
    const docs = Array.from({ length: USERS }, (_, i) => ({
      nombre: `Bulk${i}`,
      apellido: 'Streaming',
      email: `bulk${i}@${DOMAIN}`,
      email_hash: randomBytes(32).toString('hex'),
      dominio_email: DOMAIN,
      tipo_documento: 'DNI',
      nro_documento_hash: randomBytes(32).toString('hex'),
      access_token_hash: randomBytes(32).toString('hex'),
      fecha_registro: month,
      historial_compras: {},
    }));
    await client.db('eventflow_users').collection('users').insertMany(docs, { ordered: false });
  }, 60_000);

  afterAll(async () => {
    await client.db('eventflow_users').collection('users').deleteMany({ dominio_email: DOMAIN });
    await client.close();
  });

  it('streams the file in chunks (no Content-Length: it is not built in memory first) and audits the export', async () => {
    const response = await download('/api/users/exportar?format=ndjson', stack.keys.analyst);
    expect(response.status).toBe(200);
    expect(response.headers['transfer-encoding']).toBe('chunked');
    expect(response.headers['content-length']).toBeUndefined();
    expect(response.chunks).toBeGreaterThan(1);

    const rows = response.lines.map((line) => JSON.parse(line) as { dominio_email: string; fecha_registro: string });
    expect(rows).toHaveLength(Number(response.headers['x-export-rows']));
    const bulk = rows.filter((row) => row.dominio_email === DOMAIN);
    expect(bulk).toHaveLength(USERS);
    expect(new Set(bulk.map((row) => row.fecha_registro))).toEqual(new Set(['2024-03']));
    expect(response.lines.join('\n')).not.toContain('Bulk1');

    const audit = await client
      .db('eventflow_users')
      .collection('export_audits')
      .find({ key_id: 'analyst1', formato: 'ndjson', filas: rows.length })
      .toArray();
    expect(audit.length).toBeGreaterThan(0);
    expect(audit[0]).toMatchObject({ role: 'analyst', k: 5 });
  }, 60_000);
});
