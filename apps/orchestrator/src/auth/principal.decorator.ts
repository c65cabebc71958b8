import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Principal as AuthenticatedPrincipal, RequestWithPrincipal } from './principal';

/** The authenticated caller, as a type and as a handler parameter decorator: `@Principal() who: Principal`. */
export type Principal = AuthenticatedPrincipal;

/**
 * Injects the principal the auth guard attached to the request. Only valid on /v1 routes, which
 * the guard always authenticates; anywhere else it is a programming error, so it throws.
 */
export const Principal = createParamDecorator((_data: unknown, ctx: ExecutionContext): Principal => {
  const principal = ctx.switchToHttp().getRequest<RequestWithPrincipal>().principal;
  if (!principal) throw new Error('orchestrator/auth: @Principal() used on a route the auth guard does not authenticate (outside /v1)');
  return principal;
});
