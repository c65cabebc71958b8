import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import { OperationSchema, type Operation } from '@lightpath/contracts';
import { z } from 'zod';
import { openApiSchema } from '../http/openapi-schema';
import { ZodPipe } from '../http/zod-body.pipe';
import { OperationsService } from './operations.service';

const OperationIdPipe = new ZodPipe(z.string().regex(/^op-[0-9a-f-]{36}$/, 'must look like op-<uuid>'), 'operation id');
const LimitPipe = new ZodPipe(z.coerce.number().int().min(1).max(1000).default(100), 'limit');

@ApiTags('operations')
@Controller('v1/operations')
export class OperationsController {
  constructor(private readonly operations: OperationsService) {}

  @Get()
  @ApiOperation({ summary: 'Recent operations, newest first' })
  @ApiQuery({ name: 'limit', required: false, example: 100 })
  async list(@Query('limit', LimitPipe) limit: number): Promise<{ operations: Operation[] }> {
    return { operations: await this.operations.list(limit) };
  }

  @Get(':id')
  @ApiOperation({ summary: 'One operation: poll until status is succeeded or failed' })
  @ApiResponse({ status: 200, schema: openApiSchema(OperationSchema) })
  @ApiResponse({ status: 404, description: 'No such operation' })
  get(@Param('id', OperationIdPipe) id: string): Promise<Operation> {
    return this.operations.get(id);
  }
}
