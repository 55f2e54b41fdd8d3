import { Injectable } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { CatalogService } from './catalog.service';

const EVENT_PATH = /^\/api\/even(?:ts|tos)\/([0-9a-fA-F]{24})\/?(?:\?.*)?$/;

/**
 * The hottest route, `GET /api/events/:evento_id`, answered straight from a Fastify hook when
 * the event is cached: one Redis MGET and a string concatenation, without the per-request
 * cost of Nest's guard/interceptor/pipe pipeline. It is public, so skipping the guard changes
 * nothing. A miss or any error falls through to EventsHttpController, the canonical route.
 */
@Injectable()
export class CachedEventReadFastPath {
  constructor(adapterHost: HttpAdapterHost, catalog: CatalogService) {
    // Registered while the module graph is built, i.e. before Nest adds its middleware (the
    // request logger) to Fastify's onRequest chain, so a hit skips that work as well.
    CachedEventReadFastPath.register(adapterHost, catalog);
  }

  private static register(adapterHost: HttpAdapterHost, catalog: CatalogService): void {
    const adapter = adapterHost.httpAdapter;
    if (!adapter || adapter.getType() !== 'fastify') return;
    const fastify = adapter.getInstance<FastifyInstance>();
    fastify.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
      if (request.method !== 'GET') return;
      const match = EVENT_PATH.exec(request.url);
      if (!match) return;
      const json = await catalog.cachedJson(match[1].toLowerCase());
      if (json === undefined) return;
      return reply.header('content-type', 'application/json; charset=utf-8').send(json);
    });
  }
}
