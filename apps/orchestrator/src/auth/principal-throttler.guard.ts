import { type ExecutionContext, Injectable } from '@nestjs/common';
import { ThrottlerGuard, type ThrottlerLimitDetail } from '@nestjs/throttler';
import type { Request } from 'express';
import { tooManyRequests } from '../http/api-errors';
import { isApiPath } from './auth.guard';
import type { RequestWithPrincipal } from './principal';

/**
 * Rate limit per token, not per IP: many callers share a NAT or a scheduler host, and one caller
 * may spread over many hosts. Runs after AuthGuard (registered after it), so /v1 requests carry a
 * principal; anything else (health, metrics, Kafka handlers) is not limited.
 */
@Injectable()
export class PrincipalThrottlerGuard extends ThrottlerGuard {
  protected override async shouldSkip(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    return !isApiPath(context.switchToHttp().getRequest<Request>().path);
  }

  protected override async getTracker(req: Record<string, unknown>): Promise<string> {
    const principal = (req as RequestWithPrincipal).principal;
    // Tenant and name together: a JWT `sub` and a static token name may coincide across tenants.
    return principal ? `${principal.tenant}/${principal.name}` : `ip:${String(req.ip)}`;
  }

  /** One limit per caller across all routes (the default key includes the handler). */
  protected override generateKey(_context: ExecutionContext, tracker: string, throttler: string): string {
    return `${throttler}:${tracker}`;
  }

  protected override async throwThrottlingException(_context: ExecutionContext, detail: ThrottlerLimitDetail): Promise<void> {
    throw tooManyRequests(
      'RATE_LIMITED',
      `${detail.tracker} sent more than ${detail.limit} requests in ${detail.ttl} ms; retry after ${detail.timeToBlockExpire} s ` +
        '(Retry-After), or watch /v1/events instead of polling',
    );
  }
}
