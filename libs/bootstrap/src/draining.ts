import type { FastifyInstance } from 'fastify';
import { errorBody } from '@eventflow/errors';

/**
 * Fastify's own answer while closing is a 503 without Retry-After, so clients cannot tell when to
 * come back: it is switched off and answerUnavailableWhileDraining() answers instead.
 */
export const DRAINING_SERVER_OPTIONS = { return503OnClosing: false } as const;

const RETRY_AFTER_SECONDS = 1;

/** The switch the signal handler throws, and whether it was (the early answers step aside then). */
export interface Drain {
  start: () => void;
  active: () => boolean;
}

/**
 * From the start of a graceful shutdown (the signal, or the server's close), every new request
 * gets a 503 with Retry-After and `Connection: close`, like any other 503 of ours; requests in
 * flight finish. Returns the switch, for the signal handler: Nest closes module resources (store
 * connections) before the HTTP server, and a request admitted in between would find them closed.
 */
export function answerUnavailableWhileDraining(instance: FastifyInstance): Drain {
  let draining = false;
  const drain = () => {
    draining = true;
  };
  instance.addHook('preClose', (done) => {
    drain();
    done();
  });
  instance.addHook('onRequest', (_request, reply, done) => {
    if (!draining) return done();
    void reply
      .code(503)
      .header('retry-after', String(RETRY_AFTER_SECONDS))
      .header('connection', 'close')
      .send(errorBody(503, 'The service is shutting down: retry shortly'));
  });
  return { start: drain, active: () => draining };
}
