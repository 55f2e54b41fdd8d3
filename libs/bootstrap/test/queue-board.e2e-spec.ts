import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Queue } from 'bullmq';
import { chromium, type BrowserContext } from 'playwright-core';
import { queuePrefix } from '@eventflow/redis';
import { api, sharedStack } from '@eventflow/testing';

const SCREENSHOT = resolve(__dirname, '../../../results/queue-board.png');
const stack = sharedStack();

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

  it('shows an admin, logged in from a browser, the dead-letter queue with a forced dead letter', async () => {
    // A dead letter as CompensationWorker leaves it (the saga tests force real ones; here only its display matters).
    const reservaId = `dead${Date.now().toString(16)}`;
    const deadLetters = new Queue('saga-compensations-dead', {
      connection: { url: stack.redisUrl },
      prefix: queuePrefix('reservations'),
    });
    const userDataDir = mkdtempSync(join(tmpdir(), 'queue-board-chromium-'));
    let context: BrowserContext | undefined;
    let added: { remove(): Promise<void> } | undefined;
    try {
      added = await deadLetters.add(
        'requiere_intervencion',
        { reserva_id: reservaId, steps: ['reservar_inventario'], error: 'forced' },
        { removeOnComplete: false },
      );
      context = await chromium.launchPersistentContext(userDataDir, {
        executablePath: '/usr/bin/chromium',
        headless: true,
        args: [
          '--no-sandbox',
          '--disable-gpu',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
          '--no-first-run',
        ],
        httpCredentials: { username: 'admin', password: stack.keys.admin },
      });
      const page = await context.newPage();
      const board = await page.goto(`${stack.services.reservations.url}/admin/queues/queue/saga-compensations-dead?status=waiting`);
      expect(board?.status()).toBe(200);
      await page.getByText(reservaId).first().waitFor({ timeout: 30_000 });
      for (const queue of ['saga-compensations', 'saga-recovery', 'holds-reconciliation'])
        await page.getByText(queue).first().waitFor({ timeout: 10_000 });
      mkdirSync(resolve(SCREENSHOT, '..'), { recursive: true });
      await page.screenshot({ path: SCREENSHOT, fullPage: true });
      expect(statSync(SCREENSHOT).size).toBeGreaterThan(0);
      process.stdout.write(`queue board screenshot: ${SCREENSHOT}\n`);
    } finally {
      await context?.close();
      rmSync(userDataDir, { recursive: true, force: true });
      // Only its own job: other tests share this stack's queues.
      await added?.remove().catch(() => undefined);
      await deadLetters.close();
    }
  }, 90_000);
});
