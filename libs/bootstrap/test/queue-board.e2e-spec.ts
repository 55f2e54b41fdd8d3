import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Job, Queue } from 'bullmq';
import { MongoClient, ObjectId } from 'mongodb';
import type { BrowserContext } from 'playwright-core';
import { queuePrefix } from '@eventflow/redis';
import { aFan, anEvent, api, launchChromium, sharedStack, waitUntil } from '@eventflow/testing';

const SCREENSHOT = resolve(__dirname, '../../../results/queue-board.png');
const stack = sharedStack();
const reservations = api(stack.services.reservations.url);

describe('the queue board (/admin/queues)', () => {
  it.each(['events', 'reservations'] as const)(
    'refuses %s anonymous and non-admin callers, and asks browsers to log in',
    async (service) => {
      const client = api(stack.services[service].url);
      const anonymous = await client.get('/admin/queues');
      expect(anonymous.status).toBe(401);
      expect(anonymous.headers.get('www-authenticate')).toMatch(/^Basic realm=/);
      expect(anonymous.body).toMatchObject({ statusCode: 401, error: 'Unauthorized' });
      expect((await client.get('/admin/queues', { token: stack.keys.organizer })).status).toBe(401);
      const basicWrong = Buffer.from(`admin:${stack.keys.analyst}`).toString('base64');
      expect((await client.get('/admin/queues', { headers: { authorization: `Basic ${basicWrong}` } })).status).toBe(401);
      const tool = await client.get('/admin/queues/api/queues', { token: stack.keys.admin });
      expect(tool.status).toBe(200);
    },
  );

  it('shows an admin, logged in from a browser, a forced dead letter, and retrying it re-drives the compensation', async () => {
    const reservaId = await reservationRequiringIntervention();
    const deadLetters = new Queue('saga-compensations-dead', {
      connection: { url: stack.redisUrl },
      prefix: queuePrefix('reservations'),
    });
    const userDataDir = mkdtempSync(join(tmpdir(), 'queue-board-chromium-'));
    let context: BrowserContext | undefined;
    let added: Job | undefined;
    try {
      // The dead letter as CompensationWorker leaves it; the service's DeadLetterWorker parks it as failed.
      added = await deadLetters.add(
        'requiere_intervencion',
        { reserva_id: reservaId, steps: ['reservar_inventario'], error: 'forced', failedAt: new Date().toISOString() },
        { removeOnComplete: false },
      );
      const job = added;
      await waitUntil(async () => (await job.getState()) === 'failed', { timeoutMs: 15_000, description: 'the dead letter parked' });
      context = await launchChromium(userDataDir, { httpCredentials: { username: 'admin', password: stack.keys.admin } });
      const page = await context.newPage();
      const board = await page.goto(`${stack.services.reservations.url}/admin/queues/queue/saga-compensations-dead?status=failed`);
      expect(board?.status()).toBe(200);
      // A failed job's card opens on its error: the reason, then its data with the reservation.
      await page.getByText('awaiting an operator: retry re-drives the compensation').first().waitFor({ timeout: 30_000 });
      await page.getByText('Data', { exact: true }).first().click({ timeout: 10_000 });
      await page.getByText(reservaId).first().waitFor({ timeout: 10_000 });
      for (const queue of ['saga-compensations', 'saga-recovery', 'holds-reconciliation'])
        await page.getByText(queue).first().waitFor({ timeout: 10_000 });
      mkdirSync(resolve(SCREENSHOT, '..'), { recursive: true });
      await page.screenshot({ path: SCREENSHOT, fullPage: true });
      expect(statSync(SCREENSHOT).size).toBeGreaterThan(0);
      process.stdout.write(`queue board screenshot: ${SCREENSHOT}\n`);

      // Bull Board's job actions are icon buttons named by a tooltip; a failed job's first one is Retry.
      const card = page
        .locator('div')
        .filter({ hasText: reservaId })
        .filter({ has: page.locator('ul[class*="jobActions"]') })
        .last();
      const retry = card.locator('ul[class*="jobActions"] button').first();
      await retry.hover();
      await page.getByText('Retry', { exact: true }).first().waitFor({ timeout: 10_000 });
      // Retry, then the board's confirmation; its polling may re-render the page under a dialog, so
      // each round clicks what is on screen until the job leaves the failed set.
      const confirm = page.getByRole('button', { name: 'Confirm', exact: true });
      await waitUntil(
        async () => {
          if ((await job.getState()) !== 'failed') return true;
          if (await confirm.isVisible()) await confirm.click({ timeout: 2_000 }).catch(() => undefined);
          else await retry.click({ timeout: 2_000 }).catch(() => undefined);
          return false;
        },
        { timeoutMs: 30_000, intervalMs: 250, description: 'the retry from the page' },
      );
      const settled = await waitUntil(
        async () => {
          const reservation = await reservations.get(`/api/reservar/${reservaId}`, { token: stack.keys.admin });
          const state = await deadLetters.getJob(job.id!).then((stored) => stored?.getState());
          return ['fallida', 'cancelada'].includes(reservation.body.estado) && state === 'completed' && reservation.body.estado;
        },
        { timeoutMs: 30_000, intervalMs: 200, description: 'the re-driven compensation to settle and its dead letter to complete' },
      );
      expect(['fallida', 'cancelada']).toContain(settled);
      expect(await deadLetters.getJobs(['waiting', 'active', 'failed'])).not.toContainEqual(expect.objectContaining({ id: job.id }));
    } finally {
      await context?.close();
      rmSync(userDataDir, { recursive: true, force: true });
      // Only its own job: other tests share this stack's queues.
      await added?.remove().catch(() => undefined);
      await deadLetters.close();
    }
  }, 120_000);
});

/**
 * A confirmed reservation whose compensation "exhausted its retries": put in requiere_intervencion
 * directly in MongoDB (the saga tests force real ones through failing ports; the stack's services
 * cannot fail on demand). Its compensation then really runs against the events service.
 */
async function reservationRequiringIntervention(): Promise<string> {
  const event = await api(stack.services.events.url).post('/api/events', anEvent(), { token: stack.keys.organizer });
  expect(event.status).toBe(201);
  const fan = await api(stack.services.users.url).post('/api/users', aFan());
  expect(fan.status).toBe(201);
  const reserved = await reservations.post(
    '/api/reservar',
    { usuario_id: fan.body.usuario_id, evento_id: event.body.evento_id, cantidad: 1 },
    { token: fan.body.access_token },
  );
  const reservaId: string = reserved.body.reserva_id;
  await waitUntil(
    async () => (await reservations.get(`/api/reservar/${reservaId}`, { token: stack.keys.admin })).body.estado === 'confirmada',
    { timeoutMs: 30_000, description: 'the reservation confirmed' },
  );
  const client = await MongoClient.connect(stack.mongoUrl);
  try {
    const { modifiedCount } = await client
      .db('eventflow_reservations')
      .collection('reservations')
      .updateOne(
        { _id: new ObjectId(reservaId), estado: 'confirmada' },
        { $set: { estado: 'requiere_intervencion', actualizada: new Date() } },
      );
    expect(modifiedCount).toBe(1);
  } finally {
    await client.close();
  }
  return reservaId;
}
