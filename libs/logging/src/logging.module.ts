import { Global, Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import type { IncomingMessage } from 'node:http';
import { LoggerModule } from 'nestjs-pino';
import { ServiceEnv } from '@eventflow/config';
import { traceFields } from '@eventflow/tracing';
import { currentRequestId, requestIdFrom, routeOf } from './request-context';
import { safeError } from './safe-error';
import { RequestContextInterceptor } from './request-context.interceptor';

/**
 * Structured JSON logs. Every line made while handling a request or RPC message
 * carries `requestId`; credentials are redacted, requests are named by route pattern and
 * errors keep only fields that hold no values (see safeError).
 */
@Global()
@Module({
  imports: [
    LoggerModule.forRootAsync({
      inject: [ServiceEnv],
      useFactory: (env: ServiceEnv) => ({
        pinoHttp: {
          level: env.LOG_LEVEL,
          name: process.env.EVENTFLOW_SERVICE_NAME,
          autoLogging: env.LOG_REQUESTS === 'true',
          // Fastify already assigned the id (see bootstrapService); reuse it.
          genReqId: (request: IncomingMessage & { id?: unknown }) => requestIdFrom(request.id ?? request.headers['x-request-id']),
          customAttributeKeys: { reqId: 'requestId' },
          // trace_id and span_id only while tracing is on (there is no active span otherwise).
          mixin: () => {
            const requestId = currentRequestId();
            return requestId ? { requestId, ...traceFields() } : traceFields();
          },
          redact: { paths: ['req.headers.authorization', 'req.headers.cookie', '*.access_token', '*.nro_documento'], censor: '[redacted]' },
          serializers: {
            req: (req: { id: string; method: string; raw?: unknown }) => ({ id: req.id, method: req.method, route: routeOf(req.raw) }),
            res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
            err: safeError,
            error: safeError,
          },
        },
      }),
    }),
  ],
  providers: [{ provide: APP_INTERCEPTOR, useClass: RequestContextInterceptor }],
})
export class LoggingModule {}
