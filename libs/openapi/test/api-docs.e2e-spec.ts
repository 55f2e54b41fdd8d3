import { ACCESS_TABLE, api, sharedStack } from '@eventflow/testing';

const stack = sharedStack();
const SERVICES = ['users', 'events', 'reservations'] as const;
const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;
const SOME_ID = '0123456789abcdef01234567';

interface Operation {
  operationId: string;
  security: Record<string, string[]>[];
  responses: Record<string, unknown>;
  'x-eventflow-access': string[];
  requestBody?: { content: Record<string, { schema: { $ref?: string } }> };
}
interface ApiDocument {
  openapi: string;
  paths: Record<string, Partial<Record<(typeof METHODS)[number], Operation>>>;
  components: { schemas: Record<string, { properties?: Record<string, unknown> }>; securitySchemes: Record<string, unknown> };
}

const documentOf = async (service: (typeof SERVICES)[number]): Promise<ApiDocument> => {
  const response = await api(stack.services[service].url).get('/docs-json');
  expect(response.status).toBe(200);
  return response.body as ApiDocument;
};

const operationsOf = (document: ApiDocument) =>
  Object.entries(document.paths).flatMap(([path, item]) =>
    METHODS.filter((method) => item[method]).map((method) => ({
      key: `${method.toUpperCase()} ${path}`,
      path,
      method,
      operation: item[method]!,
    })),
  );

describe('API description (/docs, /docs-json)', () => {
  it.each(SERVICES)('%s serves OpenAPI 3 at /docs-json and Swagger UI at /docs, to anyone', async (service) => {
    const document = await documentOf(service);
    expect(document.openapi).toMatch(/^3\./);
    expect(document.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(document.components.schemas.Error).toMatchObject({ required: ['statusCode', 'error', 'message'] });
    const ui = await api(stack.services[service].url).get('/docs');
    expect(ui.status).toBe(200);
    expect(ui.headers.get('content-type')).toContain('text/html');
  });

  it.each(SERVICES)('%s documents every route it serves, and serves every route it documents', async (service) => {
    const document = await documentOf(service);
    const documented = new Set(operationsOf(document).map(({ key }) => key));
    const served = new Set(
      ACCESS_TABLE.filter((row) => row.service === service).map(
        (row) => `${row.method} ${row.route.replace(/\?.*$/, '').replace(/:([A-Za-z0-9_]+)/g, '{$1}')}`,
      ),
    );
    expect([...served].filter((route) => !documented.has(route))).toEqual([]);
    // Every documented route says who may call it (the same @Access the guard enforces).
    expect(
      operationsOf(document)
        .filter(({ operation }) => operation['x-eventflow-access'].length === 0)
        .map(({ key }) => key),
    ).toEqual([]);
    // Asked without credentials, a documented route answers as a route (401, 400, 200 …), never as "no such route".
    const client = api(stack.services[service].url);
    const unmatched = await client.get('/no/such/route');
    for (const { key, path, method } of operationsOf(document)) {
      const response = await client.request(method.toUpperCase(), path.replace(/\{[^}]+\}/g, SOME_ID), method === 'get' ? undefined : {});
      expect({ route: key, answer: response.status === 404 ? response.body.message : 'served' }).not.toEqual({
        route: key,
        answer: unmatched.body.message,
      });
    }
  });

  it('describes bodies with their Spanish field names, who may call each route, and the error statuses', async () => {
    const reservations = await documentOf('reservations');
    const reserve = reservations.paths['/api/reservar'].post!;
    expect(reserve.security).toEqual([{ bearer: [] }]);
    expect(reserve['x-eventflow-access']).toEqual(expect.arrayContaining(['fan', 'admin']));
    expect(Object.keys(reserve.responses)).toEqual(expect.arrayContaining(['201', '400', '401', '403', '503']));
    const body = reserve.requestBody!.content['application/json'].schema.$ref!.split('/').pop()!;
    expect(Object.keys(reservations.components.schemas[body].properties ?? {})).toEqual(
      expect.arrayContaining(['usuario_id', 'evento_id', 'cantidad']),
    );
    const events = await documentOf('events');
    expect(events.paths['/api/events/{evento_id}'].get!.security).toEqual([]);
    const create = events.paths['/api/events'].post!.requestBody!.content['application/json'].schema.$ref!.split('/').pop()!;
    expect(Object.keys(events.components.schemas[create].properties ?? {})).toEqual(
      expect.arrayContaining(['nombre', 'fecha', 'lugar', 'aforo_total', 'precio', 'categoria']),
    );
  });
});
