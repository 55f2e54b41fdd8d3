import { randomBytes } from 'node:crypto';
import { anEvent, api, startStack, TestStack } from '@eventflow/testing';

/**
 * The review's L3: an organizer owns events by key id, and an id had one secret, so rotating a
 * key orphaned every event made with the old one. Now `org1:new|old` keeps both secrets under the
 * id while clients move over, and dropping the old secret leaves the events with their owner.
 */
describe('L3: rotating an organizer key', () => {
  let stack: TestStack;
  const newSecret = randomBytes(24).toString('base64url');

  beforeAll(async () => {
    // users too: a secret that is no staff key is then asked about as a fan token (and is none: 401).
    stack = await startStack({ only: ['users', 'events'] });
  }, 120_000);
  afterAll(() => stack?.stop());

  const restartWith = async (organizerKeys: string) => {
    await stack.services.events.stop();
    await stack.services.events.start({ ORGANIZER_KEYS: organizerKeys });
  };

  it('keeps an event made with the old secret editable with the new one, before and after the old one is dropped', async () => {
    const oldSecret = stack.keys.organizer;
    const events = api(stack.services.events.url);
    const created = await events.post('/api/events', anEvent(), { token: oldSecret });
    expect(created.status).toBe(201);
    const path = `/api/events/${created.body.evento_id}`;

    await restartWith(`org1:${newSecret}|${oldSecret},org2:${stack.keys.organizer2}`);
    expect((await events.patch(path, { nombre: 'Con la clave nueva' }, { token: newSecret })).status).toBe(200);
    expect((await events.patch(path, { lugar: 'Con la clave vieja' }, { token: oldSecret })).status).toBe(200);
    expect((await events.patch(path, { nombre: 'x' }, { token: stack.keys.organizer2 })).status).toBe(403);

    await restartWith(`org1:${newSecret},org2:${stack.keys.organizer2}`);
    expect((await events.patch(path, { lugar: 'otra vez' }, { token: oldSecret })).status).toBe(401);
    const edited = await events.patch(path, { descripcion: 'solo la nueva' }, { token: newSecret });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ nombre: 'Con la clave nueva', lugar: 'Con la clave vieja', descripcion: 'solo la nueva' });
    expect((await events.get(`${path}/inventario`, { token: newSecret })).status).toBe(200);
  });
});
