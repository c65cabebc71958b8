import { Controller, Delete, HttpCode, Post, Res } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import {
  CreateCrossConnectsBodySchema,
  createCrossConnectsSchemaFor,
  DeleteCrossConnectsBodySchema,
  OperationSchema,
  SwitchIdSchema,
  type CreateCrossConnectsBody,
  type DeleteCrossConnectsBody,
  type Operation,
} from '@lightpath/contracts';
import type { Response } from 'express';
import { Principal } from '../auth/principal.decorator';
import { Roles } from '../auth/roles.decorator';
import { openApiSchema } from '../http/openapi-schema';
import { OpensOperation } from '../http/openapi-errors';
import { JsonBody, PathParam, PortParamSchema } from '../http/request-params';
import { CrossConnectsService } from './cross-connects.service';

/** Operators' single-switch cross-connects: each request is a one-stage operation of the engine. */
@ApiTags('switches')
@Controller('v1/switches')
export class CrossConnectsController {
  constructor(private readonly crossConnects: CrossConnectsService) {}

  @Post(':switchId/cross-connects')
  @OpensOperation()
  @Roles('operator')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Create one cross-connect or a batch on one switch',
    description:
      'Every pair is checked (switch known and reachable, ports in range, healthy and free) before anything changes. ' +
      'Answers 202 with an operation to poll at /v1/operations/{id} until it succeeds or fails.',
  })
  @ApiResponse({ status: 202, description: 'Accepted: the operation', schema: openApiSchema(OperationSchema) })
  @ApiResponse({ status: 400, description: 'Malformed JSON, invalid pair, port out of range' })
  @ApiResponse({ status: 404, description: 'Unknown switch' })
  @ApiResponse({ status: 409, description: 'Port busy, held by an operation in flight, or failed' })
  async create(
    @PathParam('switchId', SwitchIdSchema, 'ocs-1') switchId: string,
    @JsonBody(CreateCrossConnectsBodySchema, 'cross-connect request', { pick: createCrossConnectsSchemaFor, example: { crossConnects: [{ north: 1, south: 5 }, { north: 2, south: 6 }] } }) body: CreateCrossConnectsBody,
    @Principal() who: Principal,
    @Res({ passthrough: true }) res: Response,
  ): Promise<Operation> {
    const pairs = 'crossConnects' in body ? body.crossConnects : [body];
    const op = await this.crossConnects.connect(switchId, pairs, who.name);
    res.location(`/v1/operations/${op.id}`);
    return op;
  }

  @Delete(':switchId/cross-connects/:north')
  @OpensOperation()
  @Roles('operator')
  @HttpCode(202)
  @ApiOperation({ summary: 'Delete the cross-connect on one north port' })
  @ApiResponse({ status: 202, description: 'Accepted: the operation', schema: openApiSchema(OperationSchema) })
  async deleteOne(
    @PathParam('switchId', SwitchIdSchema, 'ocs-1') switchId: string,
    @PathParam('north', PortParamSchema, 1) north: number,
    @Principal() who: Principal,
    @Res({ passthrough: true }) res: Response,
  ): Promise<Operation> {
    const op = await this.crossConnects.disconnect(switchId, [north], who.name);
    res.location(`/v1/operations/${op.id}`);
    return op;
  }

  @Post(':switchId/cross-connects/delete')
  @OpensOperation()
  @Roles('operator')
  @HttpCode(202)
  @ApiOperation({ summary: 'Delete a batch of cross-connects on one switch, named by their north ports' })
  @ApiResponse({ status: 202, description: 'Accepted: the operation', schema: openApiSchema(OperationSchema) })
  async deleteBatch(
    @PathParam('switchId', SwitchIdSchema, 'ocs-1') switchId: string,
    @JsonBody(DeleteCrossConnectsBodySchema, 'delete request', { example: { norths: [1, 2] } }) body: DeleteCrossConnectsBody,
    @Principal() who: Principal,
    @Res({ passthrough: true }) res: Response,
  ): Promise<Operation> {
    const op = await this.crossConnects.disconnect(switchId, body.norths, who.name);
    res.location(`/v1/operations/${op.id}`);
    return op;
  }
}
