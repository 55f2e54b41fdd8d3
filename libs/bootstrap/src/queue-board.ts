import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter as BoardAdapter } from '@bull-board/fastify';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Queue } from 'bullmq';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ApiKeyRegistry } from '@eventflow/auth';
import { errorBody } from '@eventflow/errors';
import { createRedisClient, queuePrefix, RedisEndpoint } from '@eventflow/redis';

export const QUEUE_BOARD_PATH = '/admin/queues';

/** The admin key as `Authorization: Bearer <key>` (tools) or HTTP Basic with it as password (a browser's login). */
export function isAdminCredential(keys: ApiKeyRegistry, authorization: string | undefined): boolean {
  const [scheme, value] = (authorization ?? '').split(' ', 2);
  let secret: string | undefined;
  if (scheme?.toLowerCase() === 'bearer') secret = value;
  else if (scheme?.toLowerCase() === 'basic' && value) {
    const decoded = Buffer.from(value, 'base64').toString('utf8');
    secret = decoded.slice(decoded.indexOf(':') + 1);
  }
  return !!secret && keys.authenticate(secret)?.role === 'admin';
}

/**
 * Bull Board at /admin/queues: the service's BullMQ queues (jobs, their data and errors, retry,
 * promote, clean), for admins only. Its queues have their own connection, closed with the app.
 */
export async function mountQueueBoard(
  app: NestFastifyApplication,
  service: string,
  redis: RedisEndpoint,
  queueNames: string[],
): Promise<void> {
  const keys = app.get(ApiKeyRegistry, { strict: false });
  const connection = createRedisClient(redis, 'queue');
  connection.on('error', () => undefined);
  const queues = queueNames.map((name) => new Queue(name, { connection, prefix: queuePrefix(service) }));
  const board = new BoardAdapter();
  board.setBasePath(QUEUE_BOARD_PATH);
  createBullBoard({
    queues: queues.map((queue) => new BullMQAdapter(queue)),
    serverAdapter: board,
    options: { uiConfig: { boardTitle: `EventFlow ${service}` } },
  });
  const fastify = app.getHttpAdapter().getInstance() as unknown as FastifyInstance;
  // Encapsulated: the check guards the board's routes only.
  await fastify.register(async (scope) => {
    scope.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
      if (isAdminCredential(keys, request.headers.authorization)) return;
      await reply
        .code(401)
        .header('www-authenticate', 'Basic realm="EventFlow queues (password: an admin key)", charset="UTF-8"')
        .send(errorBody(401, 'The queue board needs an admin key: Authorization: Bearer <key>, or HTTP Basic with the key as password'));
    });
    await scope.register(board.registerPlugin(), { prefix: QUEUE_BOARD_PATH });
  });
  fastify.addHook('onClose', async () => {
    await Promise.all(queues.map((queue) => queue.close().catch(() => undefined)));
    connection.disconnect();
  });
}
