import { z } from 'zod';

/** OpenAPI shape of GET /v1/audit (the entries are libs/state's StoredAuditEntry). */
export const AuditEntrySchema = z.object({
  id: z.string(),
  at: z.number().int(),
  who: z.string(),
  action: z.string(),
  target: z.string(),
  operationId: z.string().optional(),
  outcome: z.string(),
  detail: z.string().optional(),
  operationStatus: z.string().optional(),
  operationReason: z.string().optional(),
});

export const AuditPageSchema = z.object({ entries: z.array(AuditEntrySchema), next: z.string().optional() });

export const AUDIT_EXAMPLE = {
  entries: [
    {
      id: '1764000000000-0',
      at: 1764000000000,
      who: 'ops-oncall',
      action: 'connect',
      target: 'ocs-1',
      operationId: 'op-2f1c0b7e-8a55-4a57-9d7e-3f0e4c1b2a90',
      outcome: 'accepted',
      operationStatus: 'succeeded',
    },
  ],
  next: '1764000000000-0',
};
