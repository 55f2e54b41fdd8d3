import { Injectable } from '@nestjs/common';
import { bearerSecret, CachingFanTokenVerifier } from '@eventflow/auth';
import type { EarlyResponder } from '@eventflow/bootstrap';
import { GetTurnUseCase } from './get-turn.use-case';
import { pollAgainInS } from './turn.view';

const TURN_ROUTE = '/api/events/:evento_id/fila/:turno_id';
const TURN_PATH = /^\/api\/events\/([0-9a-fA-F]{24})\/fila\/([A-Za-z0-9_-]{22})\/?(?:\?.*)?$/;

/**
 * The on-sale day's hottest route, a fan polling `GET /api/events/:evento_id/fila/:turno_id`,
 * answered ahead of Nest (see ServiceDefinition.earlyResponder): thousands of fans poll at once
 * while the admitted ones buy on the same process. It answers only the plain case — a fan token
 * this process already resolved, and that fan's own turn — with the same use case and view as
 * WaitingRoomController, the canonical route; anything else (no or unknown token, a staff key,
 * another fan's or an unknown turn, a store error) falls through to it, guard and filter included.
 */
@Injectable()
export class TurnPollFastPath {
  constructor(
    private readonly fanTokens: CachingFanTokenVerifier,
    private readonly getTurn: GetTurnUseCase,
  ) {}

  readonly respond: EarlyResponder = async (url, headers) => {
    const match = TURN_PATH.exec(url);
    if (!match) return undefined;
    const secret = bearerSecret(headers.authorization);
    const usuarioId = secret === undefined ? undefined : this.fanTokens.remembered(secret);
    if (usuarioId === undefined) return undefined;
    // A turn not found or a store error rejects: the request then falls through to the controller.
    const view = await this.getTurn.execute(match[1].toLowerCase(), match[2], usuarioId);
    return { route: TURN_ROUTE, json: JSON.stringify(view), headers: { 'retry-after': String(pollAgainInS(view)) } };
  };
}
