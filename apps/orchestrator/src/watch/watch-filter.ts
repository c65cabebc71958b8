import { SwitchIdSchema } from '@lightpath/contracts';
import { z } from 'zod';
import type { Principal } from '../auth/principal';
import { maySee } from '../auth/tenant-scope';
import { type SequencedEvent, WATCH_KINDS } from './watch-event';

const commaSeparated = z.string().transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean));

/** Query of /v1/events. Strict, so a misspelt filter (`kind=`) is a 400, not a silent firehose. */
export const WatchQuerySchema = z.strictObject({
  kinds: commaSeparated
    .pipe(z.array(z.enum(WATCH_KINDS)).min(1))
    .optional()
    .describe(`comma-separated: ${WATCH_KINDS.join(', ')}`),
  switchId: commaSeparated.pipe(z.array(SwitchIdSchema).min(1)).optional().describe('comma-separated switch ids'),
  /** Read by the auth guard (EventSource cannot set headers); allowed here so the schema accepts it. */
  access_token: z.string().optional().describe('the bearer token, for clients that cannot set headers (only here)'),
});
export type WatchQuery = z.infer<typeof WatchQuerySchema>;

/**
 * Which events a subscriber receives: its filters, and tenancy (tenant-scope.ts). An event that
 * names a tenant (a reservation's, a tenant's staged operation's) goes to that tenant's callers and
 * to operators and admins; events of fabric work (switches, ports, alarms, operators' operations)
 * go to everyone.
 */
export function watchFilter(query: WatchQuery, who: Principal): (e: SequencedEvent) => boolean {
  const kinds = query.kinds && new Set<string>(query.kinds);
  const switches = query.switchId && new Set(query.switchId);
  return (e) =>
    (!kinds || kinds.has(e.kind)) &&
    (!switches || switches.has(e.switchId)) &&
    maySee(who, e.tenant);
}
