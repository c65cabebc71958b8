import { type DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import type { Logger } from 'pino';
import type { OrchestratorConfig } from '../config/orchestrator.config';
import { AuthGuard } from './auth.guard';
import { PrincipalThrottlerGuard } from './principal-throttler.guard';
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
        ThrottlerModule.forRoot({
          // Unnamed ("default"): a named throttler suffixes its headers (Retry-After-<name>), which clients do not read.
          throttlers: [{ limit: config.RATE_LIMIT_REQUESTS, ttl: config.RATE_LIMIT_WINDOW_MS }],
        }),
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
