import { FastifyInstrumentation } from '@opentelemetry/instrumentation-fastify';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { IORedisInstrumentation } from '@opentelemetry/instrumentation-ioredis';
import { MongoDBInstrumentation } from '@opentelemetry/instrumentation-mongodb';
import { NodeSDK } from '@opentelemetry/sdk-node';

let sdk: NodeSDK | undefined;

/** Tracing is on only where an OTLP endpoint is configured (OTEL_EXPORTER_OTLP_ENDPOINT or its traces variant). */
export function tracingEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  return Boolean(env.OTEL_EXPORTER_OTLP_ENDPOINT || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT);
}

/**
 * Starts OpenTelemetry for this process: spans of incoming HTTP (and Fastify's routing), MongoDB
 * and Redis commands, exported over OTLP as the standard OTEL_* variables say. Must run before
 * http, ioredis and mongodb are loaded, which is why each main.ts imports it first. Metrics and
 * logs stay with Prometheus and pino: only traces are exported.
 */
export function startTracing(serviceName: string, env: NodeJS.ProcessEnv = process.env): boolean {
  if (sdk || !tracingEnabled(env)) return Boolean(sdk);
  env.OTEL_METRICS_EXPORTER ??= 'none';
  env.OTEL_LOGS_EXPORTER ??= 'none';
  sdk = new NodeSDK({
    serviceName: env.OTEL_SERVICE_NAME ?? `eventflow-${serviceName}`,
    instrumentations: [
      // Health probes and scrapes would be most of the traces and none of the interest.
      new HttpInstrumentation({ ignoreIncomingRequestHook: (request) => /^\/(health|metrics)\b/.test(request.url ?? '') }),
      new FastifyInstrumentation(),
      new IORedisInstrumentation(),
      new MongoDBInstrumentation(),
    ],
  });
  sdk.start();
  // Spans still buffered are flushed when Nest shuts down on the same signals.
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, () => void sdk?.shutdown().catch(() => undefined));
  return true;
}
