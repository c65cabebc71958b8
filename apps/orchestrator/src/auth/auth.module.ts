import { type DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import type { Logger } from 'pino';
import type { OrchestratorConfig } from '../config/orchestrator.config';
import { AuthGuard } from './auth.guard';
import { PrincipalThrottlerGuard } from './principal-throttler.guard';
import { rateLimitThrottler } from './rate-limit-budget';
import { TokenVerifier } from './token-verifier';

/**
 * Authentication, roles and per-token rate limits for every /v1 route. Guards run in the order
 * registered here: the throttler needs the principal the auth guard attaches.
 */
@Module({})
export class AuthModule {
  static forRoot(config: OrchestratorConfig, logger: Logger): DynamicModule {
    return {
      module: AuthModule,
      imports: [
        ThrottlerModule.forRoot({ throttlers: [rateLimitThrottler(config)] }),
      ],
      providers: [
        {
          provide: TokenVerifier,
          useFactory: async () => {
            const verifier = await TokenVerifier.create(config);
            if (verifier.acceptsNothing) {
              logger.warn('no API_TOKENS and no JWT key configured: every /v1 request will be refused with 401 (docs/api.md, Authentication)');
            }
            return verifier;
          },
        },
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_GUARD, useClass: PrincipalThrottlerGuard },
      ],
      exports: [TokenVerifier],
    };
  }
}
