import { type ExecutionContext, Injectable } from '@nestjs/common';
import { ThrottlerGuard, type ThrottlerLimitDetail } from '@nestjs/throttler';
import type { Request } from 'express';
import { tooManyRequests } from '../http/api-errors';
import { isApiPath } from './auth.guard';
import type { RequestWithPrincipal } from './principal';
import { rateBucketOfContext, rateLimitMessage } from './rate-limit-budget';

/**
 * Rate limit per token, not per IP: many callers share a NAT or a scheduler host, and one caller
 * may spread over many hosts. Each caller has two budgets, reads and changes (rate-limit-budget.ts).
 * Runs after AuthGuard (registered after it), so /v1 requests carry a principal; anything else
 * (health, metrics, Kafka handlers) is not limited.
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

  /** One count per caller and bucket across all routes (the default key includes the handler). */
  protected override generateKey(context: ExecutionContext, tracker: string, throttler: string): string {
    return `${throttler}:${rateBucketOfContext(context)}:${tracker}`;
  }

  protected override async throwThrottlingException(context: ExecutionContext, detail: ThrottlerLimitDetail): Promise<void> {
    // At least 1 s: a Retry-After of 0 invites an immediate retry that is refused again.
    const retryAfter = Math.max(1, detail.timeToBlockExpire);
    context.switchToHttp().getResponse<{ header(name: string, value: number): void }>().header('Retry-After', retryAfter);
    throw tooManyRequests('RATE_LIMITED', rateLimitMessage(rateBucketOfContext(context), detail.tracker, detail.limit, detail.ttl, retryAfter));
  }
}
