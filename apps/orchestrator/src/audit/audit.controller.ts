import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { Roles } from '../auth/roles.decorator';
import { openApiSchema } from '../http/openapi-schema';
import { ZodPipe } from '../http/zod-body.pipe';
import { AUDIT_EXAMPLE, AuditPageSchema } from './audit.schema';
import { AuditService, type AuditView } from './audit.service';

/** Stream ids are `<ms>-<seq>`; anything else would make Redis answer an error, so it is a 400 here. */
const AuditQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  before: z.string().regex(/^\d{1,20}-\d{1,20}$/, 'must be an audit entry id like 1764000000000-0 (the `next` of a page)').optional(),
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
  @ApiQuery({ name: 'limit', required: false, example: 100 })
  @ApiQuery({ name: 'before', required: false, example: '1764000000000-0' })
  @ApiResponse({ status: 200, schema: openApiSchema(AuditPageSchema, AUDIT_EXAMPLE) })
  async list(@Query(new ZodPipe(AuditQuerySchema, 'audit query')) query: z.infer<typeof AuditQuerySchema>): Promise<{ entries: AuditView[]; next?: string }> {
    return this.audit.page(query.limit, query.before);
  }
}
