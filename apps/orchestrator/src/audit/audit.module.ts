import { type DynamicModule, Module } from '@nestjs/common';
import type { FabricState } from '@lightpath/state';
import { STATE } from '../orchestrator.tokens';
import { AuditController } from './audit.controller';
import { AuditService } from './audit.service';

/** GET /v1/audit, given the fabric's state by the root module. */
@Module({})
export class AuditModule {
  static forRoot(state: FabricState): DynamicModule {
    return { module: AuditModule, controllers: [AuditController], providers: [{ provide: STATE, useValue: state }, AuditService] };
  }
}
