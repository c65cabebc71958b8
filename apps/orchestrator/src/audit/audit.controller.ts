import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { Roles } from '../auth/roles.decorator';
import { openApiSchema } from '../http/openapi-schema';
import { LimitQuerySchema, QueryParams } from '../http/request-params';
import { AUDIT_EXAMPLE, AuditPageSchema } from './audit.schema';
import { AuditService, type AuditView } from './audit.service';

/**
 * Stream ids are `<ms>-<seq>`, each part an unsigned 64-bit number; anything else would make Redis
 * answer an error, so it is a 400 here. 19 digits keep every part below 2^64 (20 could pass it).
 */
const AuditQuerySchema = z.strictObject({
  limit: LimitQuerySchema,
  before: z.string().regex(/^\d{1,19}-\d{1,19}$/, 'must be an audit entry id like 1764000000000-0 (the `next` of a page)').optional(),
});

/**
 * The audit log (invariant I6): who changed what, when, with which operation and outcome. Operator
 * and up: it names every caller of every tenant.
 */
@ApiTags('audit')
@Controller('v1/audit')
@Roles('operator')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @ApiOperation({
    summary: 'Recent audit entries, newest first; page with ?before=<next>',
    description: 'Every accepted mutation is appended atomically with its claim. `next` is the id to pass as `before` for older entries; absent on the last page.',
  })
  @ApiResponse({ status: 200, schema: openApiSchema(AuditPageSchema, AUDIT_EXAMPLE) })
  async list(@QueryParams(AuditQuerySchema, 'audit query', { limit: 100, before: '1764000000000-0' }) query: z.infer<typeof AuditQuerySchema>): Promise<{ entries: AuditView[]; next?: string }> {
    return this.audit.page(query.limit, query.before);
  }
}
