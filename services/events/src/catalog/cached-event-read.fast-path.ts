import { Injectable } from '@nestjs/common';
import type { EarlyResponder } from '@eventflow/bootstrap';
import { GetEventUseCase } from './get-event.use-case';

const EVENT_PATH = /^\/api\/(even(?:ts|tos))\/([0-9a-fA-F]{24})\/?(?:\?.*)?$/;

/**
 * The hottest route, `GET /api/events/:evento_id`, answered ahead of Nest (see
 * ServiceDefinition.earlyResponder) when the event is cached: from this process's memory or
 * one Redis MGET, then a string concatenation. It is public, so skipping the guard changes
 * nothing. A miss or any error falls through to CatalogHttpController, the canonical route.
 */
@Injectable()
export class CachedEventReadFastPath {
  constructor(private readonly getEvent: GetEventUseCase) {}

  readonly respond: EarlyResponder = async (url) => {
    const match = EVENT_PATH.exec(url);
    if (!match) return undefined;
    const json = await this.getEvent.cachedJson(match[2].toLowerCase());
    return json === undefined ? undefined : { route: `/api/${match[1]}/:evento_id`, json };
  };
}
