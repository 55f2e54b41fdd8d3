import { Injectable } from '@nestjs/common';
import type { EarlyResponder } from '@eventflow/bootstrap';
import { GetEventUseCase } from './get-event.use-case';

const EVENT_PATH = /^\/api\/even(?:ts|tos)\/([0-9a-fA-F]{24})\/?(?:\?.*)?$/;

/**
 * The hottest route, `GET /api/events/:evento_id`, answered ahead of Nest (see
 * ServiceDefinition.earlyResponder) when the event is cached: from this process's memory or
 * one Redis MGET, then a string concatenation. It is public, so skipping the guard changes
 * nothing. A miss or any error falls through to CatalogHttpController, the canonical route.
 */
@Injectable()
export class CachedEventReadFastPath {
  constructor(private readonly getEvent: GetEventUseCase) {}

  readonly respond: EarlyResponder = async (request, reply) => {
    if (request.method !== 'GET') return false;
    const match = EVENT_PATH.exec(request.url);
    if (!match) return false;
    const json = await this.getEvent.cachedJson(match[1].toLowerCase());
    if (json === undefined) return false;
    await reply.header('content-type', 'application/json; charset=utf-8').send(json);
    return true;
  };
}
