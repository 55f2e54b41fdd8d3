import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { Audience, Principal } from './principal';

export const ACCESS_METADATA = 'eventflow:access';

/** Declares who may call a route. Routes without it are refused (deny by default). */
export const Access = (...audience: Audience[]): MethodDecorator & ClassDecorator => SetMetadata(ACCESS_METADATA, audience);

/** The authenticated caller, set by AccessGuard. */
export const CurrentPrincipal = createParamDecorator((_: unknown, context: ExecutionContext): Principal => {
  return context.switchToHttp().getRequest<{ principal: Principal }>().principal;
});
