import type { IncomingMessage } from 'node:http';
import { DynamicModule, INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { MicroserviceOptions } from '@nestjs/microservices';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Logger } from 'nestjs-pino';
import { InvalidConfigError, ServiceEnv, validateEnv } from '@eventflow/config';
import { describeRpcListener, rpcListenerOptions, RpcSigner } from '@eventflow/contracts';
import { createValidationPipe, errorBody, GlobalExceptionFilter } from '@eventflow/errors';
import { rememberRoute, requestIdFrom } from '@eventflow/logging';
import { HttpRequestMetrics, MetricsRegistry } from '@eventflow/metrics';
import { PluginMetadata, serveApiDocs } from '@eventflow/openapi';
import { RpcTraceInterceptor } from '@eventflow/tracing';
import { answerUnavailableWhileDraining, DRAINING_SERVER_OPTIONS } from './draining';
import { EarlyAnswers, EarlyResponder, serverAnsweringEarly } from './early-answers';
import { acceptOnlyJsonBodies } from './json-body.parser';
import { mountQueueBoard } from './queue-board';
import { RpcSignatureGuard } from './rpc-signature.guard';

export interface ServiceDefinition<E extends ServiceEnv> {
  /** Short name used in logs and messages: users, events, reservations. */
  name: string;
  env: new () => E;
  module: (env: E) => DynamicModule;
  /**
   * The service's hottest read, answered ahead of Fastify and everything Nest adds per request
   * (middleware, guards, interceptors) when the service already holds the answer; see
   * early-answers.ts. Only for GET routes whose answer needs none of it.
   */
  earlyResponder?: (app: INestApplication) => EarlyResponder;
  /** The service's generated swagger metadata (openapi.metadata.ts): schemas of its DTOs at /docs. */
  openApiMetadata?: PluginMetadata;
  /** BullMQ queues (on the service's prefix) shown to admins by Bull Board at /admin/queues. */
  queueBoard?: string[];
}

/**
 * Starts one EventFlow service as a hybrid application: the public HTTP API on Fastify
 * and the internal RPC listener (never public). The environment is validated first, so
 * a bad variable stops start-up with one clear line and exit code 1.
 */
export async function bootstrapService<E extends ServiceEnv>(definition: ServiceDefinition<E>): Promise<INestApplication> {
  process.env.EVENTFLOW_SERVICE_NAME = definition.name;
  let env: E;
  try {
    env = validateEnv(definition.env, process.env);
  } catch (error) {
    if (error instanceof InvalidConfigError) {
      process.stderr.write(`eventflow-${definition.name}: invalid configuration: ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }

  // Filled in once the module graph exists (the responder is one of its providers).
  const early: EarlyAnswers = { draining: () => false };
  const adapter = new FastifyAdapter({
    bodyLimit: env.BODY_LIMIT_BYTES,
    serverFactory: serverAnsweringEarly(early),
    ...DRAINING_SERVER_OPTIONS,
    // One id per request, taken from X-Request-Id when the caller sends a safe one.
    genReqId: (request: IncomingMessage) => requestIdFrom(request.headers['x-request-id']),
    // Errors Fastify raises before routing (a URL that is not valid UTF-8…) skip Nest's filter: same shape here.
    frameworkErrors: (_error: Error, request: FastifyRequest, reply: FastifyReply) => {
      void reply
        .header('x-request-id', request.id)
        .code(400)
        .send(errorBody(400, 'The URL is not valid: it must be UTF-8, percent-encoded'));
    },
  });
  const observed: { http?: HttpRequestMetrics } = {};
  // First of the onRequest hooks: a request that arrives while the service shuts down does nothing else.
  const drain = answerUnavailableWhileDraining(adapter.getInstance());
  early.draining = drain.active;
  acceptOnlyJsonBodies(adapter.getInstance(), { bodyLimit: env.BODY_LIMIT_BYTES, timeoutMs: env.REQUEST_TIMEOUT_MS });
  adapter.getInstance().addHook('onRequest', (request, reply, done) => {
    void reply.header('x-request-id', request.id);
    rememberRoute(request.raw, request.routeOptions.url);
    done();
  });
  // onResponse sees every answer Fastify gives, its own 404s included (early answers: see `answered`).
  adapter.getInstance().addHook('onResponse', (request, reply, done) => {
    observed.http?.observe(request.method, request.routeOptions.url, reply.statusCode, reply.elapsedTime);
    done();
  });
  // Nest's own parsers would take forms too: acceptOnlyJsonBodies is the only one.
  const app = await NestFactory.create<NestFastifyApplication>(definition.module(env), adapter, {
    bufferLogs: true,
    abortOnError: false,
    bodyParser: false,
  });
  const logger = app.get(Logger);
  app.useLogger(logger);
  const http = new HttpRequestMetrics(app.get(MetricsRegistry, { strict: false }));
  observed.http = http;
  const logRequests = env.LOG_REQUESTS === 'true';
  early.answered = (route, statusCode, elapsedMs, requestId) => {
    http.observe('GET', route, statusCode, elapsedMs);
    // The access log line pino-http would have written, had the request reached it.
    if (logRequests) {
      logger.log({
        msg: 'request completed',
        requestId,
        req: { id: requestId, method: 'GET', route },
        res: { statusCode },
        responseTime: Math.round(elapsedMs),
      });
    }
  };
  early.respond = definition.earlyResponder?.(app);
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new GlobalExceptionFilter());
  // RPC handlers continue the caller's trace (a no-op while tracing is off).
  app.useGlobalInterceptors(new RpcTraceInterceptor());
  // Inherited by the RPC listener below: no handler runs for a message no EventFlow service signed.
  app.useGlobalGuards(new RpcSignatureGuard(new RpcSigner(env.RPC_SECRETS)));
  app.enableShutdownHooks(['SIGTERM', 'SIGINT']);
  // Nest closes HTTP (finishing in-flight requests), the RPC listener, queues and connections;
  // if something hangs, do not outlive the grace period an orchestrator gives us.
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      drain.start();
      setTimeout(() => process.exit(1), env.SHUTDOWN_TIMEOUT_MS).unref();
    });
  }
  app.connectMicroservice<MicroserviceOptions>(rpcListenerOptions(definition.name, env), { inheritAppConfig: true });

  await serveApiDocs(app, definition.name, definition.openApiMetadata);
  if (definition.queueBoard) await mountQueueBoard(app, definition.name, env, definition.queueBoard);
  await app.startAllMicroservices();
  await app.listen(env.PORT, env.HTTP_HOST);
  logger.log(
    `eventflow-${definition.name} listening on http://${env.HTTP_HOST}:${env.PORT} (rpc ${describeRpcListener(definition.name, env)})`,
  );
  return app;
}

/** Entry-point helper: any start-up failure is one log line and exit code 1, never a hang. */
export function runService<E extends ServiceEnv>(definition: ServiceDefinition<E>): void {
  bootstrapService(definition).catch((error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`eventflow-${definition.name}: failed to start: ${message}\n`);
    process.exit(1);
  });
}
