import { CanActivate, ExecutionContext, Inject, Injectable, Optional } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { DomainError, RateLimitedError } from '@eventflow/errors';
import { ACCESS_METADATA } from './access.decorator';
import { ApiKeyRegistry } from './api-key.registry';
import { FailedAuthenticationLimiter } from './failed-authentication.limiter';
import { FAN_TOKEN_VERIFIER, FanTokenVerifier } from './fan-token.verifier';
import { Audience, Principal } from './principal';
import { UsersRpcFanTokenVerifier } from './users-rpc-fan-token.verifier';

interface AuthenticatedRequest {
  headers: Record<string, string | string[] | undefined>;
  ip?: string;
  principal?: Principal;
}

/**
 * Authenticates `Authorization: Bearer …` and checks it against the route's declared audience:
 * no or invalid credentials → 401, valid credentials of the wrong role → 403, on every route of
 * every service (a fan token is resolved even where fans are not the audience, so it gets 403).
 */
@Injectable()
export class AccessGuard implements CanActivate {
  private readonly fanTokens: FanTokenVerifier;

  constructor(
    private readonly reflector: Reflector,
    private readonly keys: ApiKeyRegistry,
    private readonly failures: FailedAuthenticationLimiter,
    usersFanTokens: UsersRpcFanTokenVerifier,
    @Optional() @Inject(FAN_TOKEN_VERIFIER) ownFanTokens?: FanTokenVerifier,
  ) {
    this.fanTokens = ownFanTokens ?? usersFanTokens;
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const audience = this.reflector.getAllAndOverride<Audience[] | undefined>(ACCESS_METADATA, [context.getHandler(), context.getClass()]);
    if (!audience || audience.length === 0) {
      throw new DomainError('AUTH.ROUTE_NOT_EXPOSED', 'This route declares no audience', 'forbidden');
    }
    if (audience.includes('public')) return true;

    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const principal = await this.authenticate(request);
    const allowed = principal.kind === 'fan' ? audience.includes('fan') : audience.includes(principal.role);
    if (!allowed) {
      throw new DomainError('AUTH.FORBIDDEN', 'These credentials may not call this route', 'forbidden');
    }
    request.principal = principal;
    return true;
  }

  private async authenticate(request: AuthenticatedRequest): Promise<Principal> {
    const secret = bearerSecret(request.headers.authorization);
    if (secret === undefined) {
      throw new DomainError('AUTH.MISSING', 'Missing credentials: send Authorization: Bearer <key or access token>', 'unauthorized');
    }
    const key = this.keys.authenticate(secret);
    if (key) return { kind: 'staff', role: key.role, keyId: key.id };
    // Only fan tokens cost a look-up: an address over its failure limit is refused before one.
    const address = request.ip ?? 'unknown';
    const waitSeconds = this.failures.retryAfter(address);
    if (waitSeconds !== undefined) throw tooManyFailures(waitSeconds);
    const userId = await this.fanTokens.verify(secret);
    if (userId) return { kind: 'fan', userId };
    const waitAfterThis = await this.failures.record(address);
    if (waitAfterThis !== undefined) throw tooManyFailures(waitAfterThis);
    throw new DomainError('AUTH.INVALID', 'Invalid credentials', 'unauthorized');
  }
}

/** The key or access token of an `Authorization: Bearer …` header, if it is one. */
export function bearerSecret(header: string | string[] | undefined): string | undefined {
  const match = typeof header === 'string' ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  return match?.[1];
}

const tooManyFailures = (seconds: number) =>
  new RateLimitedError('AUTH.TOO_MANY_FAILURES', 'Too many failed authentications from this address; try again later', seconds);
