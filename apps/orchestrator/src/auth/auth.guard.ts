import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { forbidden, unauthorized } from '../http/api-errors';
import { AuthenticationError } from './auth-errors';
import { PRINCIPAL_PROPERTY, type RequestWithPrincipal } from './principal';
import { leastRole, type Role, roleAtLeast } from '@lightpath/contracts';
import { QUERY_TOKEN_KEY, ROLES_KEY } from './role.constants';
import { TokenVerifier } from './token-verifier';

const API_PREFIX = '/v1';

/**
 * Global guard: every request under /v1 carries a bearer token, and its role is at least the
 * handler's @Roles. Health, metrics and the OpenAPI docs stay open (probes and scrapers hold no
 * tokens); the rule is by path so a new /v1 controller is protected without remembering to be.
 * A handler without @Roles needs viewer to read and admin to change anything: deny by default.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly verifier: TokenVerifier,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    // Kafka event handlers share the app's global guards; they are not callers.
    if (context.getType() !== 'http') return true;
    const req = context.switchToHttp().getRequest<Request & RequestWithPrincipal>();
    if (!isApiPath(req.path)) return true;

    const allowQuery = this.reflector.getAllAndOverride<boolean>(QUERY_TOKEN_KEY, [context.getHandler(), context.getClass()]) ?? false;
    let principal;
    try {
      principal = await this.verifier.verify(bearerToken(req, allowQuery));
    } catch (err) {
      if (!(err instanceof AuthenticationError)) throw err;
      context.switchToHttp().getResponse<Response>().setHeader('WWW-Authenticate', `Bearer error="invalid_token"`);
      const code = err.kind === 'missing' ? 'TOKEN_MISSING' : err.kind === 'expired' ? 'TOKEN_EXPIRED' : 'TOKEN_INVALID';
      throw unauthorized(code, err.reason);
    }
    req[PRINCIPAL_PROPERTY] = principal;

    const need = this.requiredRole(context, req.method);
    if (!roleAtLeast(principal.role, need)) {
      throw forbidden(
        'ROLE_REQUIRED',
        `${req.method} ${req.path} needs role ${need} or higher; ${principal.name} has ${principal.role}. Ask an admin for a token with that role.`,
      );
    }
    return true;
  }

  private requiredRole(context: ExecutionContext, method: string): Role {
    const declared = this.reflector.getAllAndOverride<Role | undefined>(ROLES_KEY, [context.getHandler(), context.getClass()]);
    return leastRole(declared, method);
  }
}

export function isApiPath(path: string): boolean {
  return path === API_PREFIX || path.startsWith(`${API_PREFIX}/`);
}

/** The token from `Authorization: Bearer ...`, or from `?access_token=` where the route allows it. */
function bearerToken(req: Request, allowQuery: boolean): string | undefined {
  const header = req.headers.authorization;
  if (header) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match) throw new AuthenticationError('invalid', 'the Authorization header must be "Bearer <token>"');
    return match[1];
  }
  const query = req.query.access_token;
  if (typeof query === 'string' && query !== '') {
    if (!allowQuery) throw new AuthenticationError('invalid', 'access_token in the query is accepted only on /v1/events; send "Authorization: Bearer <token>"');
    return query;
  }
  return undefined;
}
