import { MongoClient } from 'mongodb';
import { aFan, api, startStack, TestStack } from '@eventflow/testing';

describe('users while MongoDB is down (AP)', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startStack({ only: ['users'] });
  });
  afterAll(() => stack?.stop());

  it('serves a cached fan, flagged as possibly stale, and answers a miss with 503 + Retry-After', async () => {
    const users = api(stack.services.users.url);
    const { body: fan } = await users.post('/api/users', aFan());
    const first = await users.get(`/api/users/${fan.usuario_id}`, { token: fan.access_token });
    expect(first.status).toBe(200);

    await stack.mongo.stop();
    try {
      const cached = await users.get(`/api/users/${fan.usuario_id}`, { token: fan.access_token });
      expect(cached.status).toBe(200);
      expect(cached.body).toEqual(first.body);
      expect(cached.headers.get('x-cache')).toBe('HIT');

      const miss = await users.get('/api/users/0123456789abcdef01234567', { token: stack.keys.admin });
      expect(miss.status).toBe(503);
      expect(miss.headers.get('retry-after')).toMatch(/^\d+$/);
      expect(miss.body).toMatchObject({ statusCode: 503, error: 'Service Unavailable' });

      const register = await users.post('/api/users', aFan());
      expect(register.status).toBe(503);
    } finally {
      await stack.mongo.start();
    }
  });

  it('says the cached copy may be stale once the driver has noticed the outage', async () => {
    const users = api(stack.services.users.url);
    const { body: fan } = await users.post('/api/users', aFan());
    await users.get(`/api/users/${fan.usuario_id}`, { token: fan.access_token });
    await stack.mongo.stop();
    try {
      // The driver notices within a heartbeat; poll instead of sleeping.
      const deadline = Date.now() + 15_000;
      let stale: string | null = null;
      while (Date.now() < deadline && !stale) {
        const response = await users.get(`/api/users/${fan.usuario_id}`, { token: fan.access_token });
        expect(response.status).toBe(200);
        stale = response.headers.get('x-data-may-be-stale');
        if (!stale) await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(stale).toBe('true');
    } finally {
      await stack.mongo.start();
    }
  });
});

describe('users with ENABLE_ENCRYPTION=true', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startStack({ only: ['users'], serviceEnv: { users: { ENABLE_ENCRYPTION: 'true' } } });
  });
  afterAll(() => stack?.stop());

  it('stores document and email sealed, and shows the owner their email in clear', async () => {
    const users = api(stack.services.users.url);
    const body = aFan();
    const { body: fan } = await users.post('/api/users', body);
    const read = await users.get(`/api/users/${fan.usuario_id}`, { token: fan.access_token });
    expect(read.body.email).toBe(body.email);

    const client = await MongoClient.connect(stack.mongo.url);
    try {
      const stored = await client.db('eventflow_users').collection('users').findOne({});
      const raw = JSON.stringify(stored);
      expect(raw).not.toContain(String(body.nro_documento));
      expect(raw).not.toContain(String(body.email));
      expect(stored?.email).toMatch(/^v1\.k1\./);
      expect(stored?.nro_documento_cifrado).toMatch(/^v1\.k1\./);
      expect(stored?.nro_documento_hash).toMatch(/^[0-9a-f]{64}$/);
    } finally {
      await client.close();
    }
  });

  it('still detects a duplicate email through its keyed hash', async () => {
    const users = api(stack.services.users.url);
    const body = aFan();
    expect((await users.post('/api/users', body)).status).toBe(201);
    const duplicate = await users.post('/api/users', aFan({ email: body.email }));
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.code).toBe('USER.ALREADY_REGISTERED');
  });
});

describe('users with encryption off', () => {
  it('keeps no trace of the raw document', async () => {
    const stack = await startStack({ only: ['users'] });
    try {
      const body = aFan();
      await api(stack.services.users.url).post('/api/users', body);
      const client = await MongoClient.connect(stack.mongo.url);
      try {
        const stored = await client.db('eventflow_users').collection('users').findOne({});
        expect(JSON.stringify(stored)).not.toContain(String(body.nro_documento));
        expect(stored?.nro_documento_cifrado).toBeUndefined();
      } finally {
        await client.close();
      }
    } finally {
      await stack.stop();
    }
  });
});
