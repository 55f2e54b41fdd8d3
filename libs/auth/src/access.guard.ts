import { CanActivate, ExecutionContext, Inject, Injectable, Optional } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { DomainError } from '@eventflow/errors';
import { ACCESS_METADATA } from './access.decorator';
import { ApiKeyRegistry } from './api-key.registry';
import { FAN_TOKEN_VERIFIER, FanTokenVerifier } from './fan-token.verifier';
import { Audience, Principal } from './principal';

interface AuthenticatedRequest {
  headers: Record<string, string | string[] | undefined>;
  principal?: Principal;
}

/** Authenticates `Authorization: Bearer …` and checks it against the route's declared audience. */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly keys: ApiKeyRegistry,
    @Optional() @Inject(FAN_TOKEN_VERIFIER) private readonly fanTokens?: FanTokenVerifier,
  ) {}

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
    const header = request.headers.authorization;
    const match = typeof header === 'string' ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
    if (!match) {
      throw new DomainError('AUTH.MISSING', 'Missing credentials: send Authorization: Bearer <key or access token>', 'unauthorized');
    }
    const secret = match[1];
    const key = this.keys.authenticate(secret);
    if (key) return { kind: 'staff', role: key.role, keyId: key.id };
    const userId = this.fanTokens ? await this.fanTokens.verify(secret) : undefined;
    if (userId) return { kind: 'fan', userId };
    throw new DomainError('AUTH.INVALID', 'Invalid credentials', 'unauthorized');
  }
}
