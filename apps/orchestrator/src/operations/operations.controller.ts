import { Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { OperationSchema, StagedOperationSchema, type Operation, type StagedOperation } from '@lightpath/contracts';
import { z } from 'zod';
import { conflict } from '../http/api-errors';
import { openApiSchema } from '../http/openapi-schema';
import { LimitQuerySchema, PathParam, QueryParams } from '../http/request-params';
import { Principal } from '../auth/principal.decorator';
import { Roles } from '../auth/roles.decorator';
import { readScope, visibleTo } from '../auth/tenant-scope';
import { crossConnectView, isCrossConnectOperation } from '../engine/cross-connect-view';
import { OperationEngine } from '../engine/operation-engine.service';
import { operationNotFound } from '../engine/operation-errors';

const OperationIdSchema = z.string().regex(/^s?op-[0-9a-f-]{36}$/, 'must look like op-<uuid> or sop-<uuid>');
const OPERATION_ID_EXAMPLE = 'op-2f1c0b7e-8a55-4a57-9d7e-3f0e4c1b2a90';
const ListOperationsSchema = z.strictObject({ limit: LimitQuerySchema });

@ApiTags('operations')
@Controller('v1/operations')
export class OperationsController {
  constructor(private readonly engine: OperationEngine) {}

  @Get()
  @ApiOperation({
    summary: 'Recent operations the caller may see, newest first',
    description:
      '`operations`: single-switch cross-connect operations; `staged`: multi-switch staged operations (topologies, drains, repairs, reservations). ' +
      "Viewers, launchers and schedulers see their own tenant's staged operations and fabric work (no tenant); operators and admins see all.",
  })
  async list(
    @QueryParams(ListOperationsSchema, 'query', { limit: 100 }) { limit }: z.infer<typeof ListOperationsSchema>,
    @Principal() who: Principal,
  ): Promise<{ operations: Operation[]; staged: StagedOperation[] }> {
    // Single-switch operations are operators' cross-connects: fabric work, visible to every caller
    // (tenant-scope.ts); staged ones are read from the caller's scope index, so `limit` stays exact.
    const [operations, staged] = await Promise.all([this.engine.listCrossConnectOperations(limit), this.engine.list(limit, readScope(who))]);
    return { operations: operations.map(crossConnectView), staged };
  }

  @Get(':id')
  @ApiOperation({
    summary: 'One operation: poll until it has finished',
    description:
      'op-… ids: status pending | running | succeeded | failed. sop-… ids (staged): running with stage i of n, then succeeded, ' +
      'failed, rolled-back (a stage failed and its switches were put back) or cancelled, with per-switch results and timings per stage.',
  })
  @ApiResponse({ status: 200, schema: { oneOf: [openApiSchema(OperationSchema), openApiSchema(StagedOperationSchema)] } })
  @ApiResponse({ status: 404, description: "OPERATION_NOT_FOUND: no such operation, or another tenant's (the same answer)" })
  async get(@PathParam('id', OperationIdSchema, OPERATION_ID_EXAMPLE, 'operation id') id: string, @Principal() who: Principal): Promise<Operation | StagedOperation> {
    const op = visibleTo(who, await this.engine.get(id));
    if (!op) throw operationNotFound(id);
    return isCrossConnectOperation(op) ? crossConnectView(op) : op;
  }

  @Post(':id/cancel')
  @Roles('operator')
  @HttpCode(202)
  @ApiOperation({ summary: 'Cancel a staged operation before its next stage (stages already applied stay applied)' })
  @ApiResponse({ status: 202, description: 'Cancelling: the staged operation', schema: openApiSchema(StagedOperationSchema) })
  @ApiResponse({ status: 409, description: 'OPERATION_FINISHED, or a single-switch operation (those finish or time out on their own)' })
  async cancel(@PathParam('id', OperationIdSchema, OPERATION_ID_EXAMPLE, 'operation id') id: string): Promise<StagedOperation> {
    if (isCrossConnectOperation(await this.engine.get(id))) {
      throw conflict('NOT_CANCELLABLE', `operation ${id} is a single-switch operation: it succeeds, fails or times out on its own`);
    }
    return this.engine.cancel(id);
  }
}
