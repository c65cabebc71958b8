import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { fabricSpecSchema } from '@lightpath/topology';
import { Principal } from '../auth/principal.decorator';
import { Roles } from '../auth/roles.decorator';
import { openApiSchema } from '../http/openapi-schema';
import { ZodPipe } from '../http/zod-body.pipe';
import { z } from 'zod';
import { FabricSpecService, summarizeSpec, type FabricSpecSummary } from './fabric-spec.service';
import { FabricSpecResponseSchema } from './topology-api.schema';
import { FABRIC_SPEC_EXAMPLE } from './topology-examples';

interface FabricSpecBody {
  version: number;
  storedAt: number;
  storedBy: string;
  summary: FabricSpecSummary;
  spec: unknown;
}

@ApiTags('topologies')
@Controller('v1/fabric')
export class FabricSpecController {
  constructor(private readonly specs: FabricSpecService) {}

  @Put()
  @Roles('operator')
  @ApiOperation({
    summary: 'Store the fabric spec the planner plans against (switches, endpoints, fibres)',
    description:
      'Role operator: the spec decides what every plan may use. Validated by the topology library (docs/fabric-spec.md); every invalid field is named. Stored in Redis with a version ' +
      'that goes up by one on every PUT, so all replicas and a restarted orchestrator plan against it. Switch ids should be ' +
      "the agents' switch ids: plans are computed against those switches' actual cross-connects.",
  })
  // Checked whole by the topology library (INVALID_FABRIC_SPEC naming every field); the pipe only insists on JSON (415).
  @ApiBody({ required: true, schema: openApiSchema(fabricSpecSchema, FABRIC_SPEC_EXAMPLE, 'input') })
  @ApiResponse({ status: 200, description: 'Stored: the new version and a summary', schema: openApiSchema(FabricSpecResponseSchema) })
  @ApiResponse({ status: 400, description: 'INVALID_FABRIC_SPEC: the message and `issues` name every offending field' })
  async put(@Body(new ZodPipe(z.unknown(), 'fabric spec')) body: unknown, @Principal() who: Principal): Promise<FabricSpecBody> {
    const stored = await this.specs.replace(body, who.name);
    return { version: stored.version, storedAt: stored.storedAt, storedBy: stored.storedBy, summary: summarizeSpec(stored.spec), spec: stored.spec };
  }

  @Get()
  @Roles('viewer')
  @ApiOperation({ summary: 'The stored fabric spec, its version and a summary' })
  @ApiResponse({ status: 200, schema: openApiSchema(FabricSpecResponseSchema) })
  @ApiResponse({ status: 409, description: 'FABRIC_SPEC_MISSING: no spec stored yet; PUT one' })
  async get(): Promise<FabricSpecBody> {
    const current = await this.specs.current();
    return { version: current.version, storedAt: current.storedAt, storedBy: current.storedBy, summary: summarizeSpec(current.spec), spec: current.spec };
  }
}
