import type { Operation } from '@lightpath/contracts';
import { z } from 'zod';

/** What a caller can watch on /v1/events (query `kinds`). */
export const WATCH_KINDS = ['operation', 'reservation', 'alarm', 'port', 'switch'] as const;
export type WatchKind = (typeof WATCH_KINDS)[number];

/**
 * One change, as sent on the event stream (SSE `event:` is the kind, `data:` this JSON).
 * `type` says what happened within the kind: an operation's status, an alarm's severity, a port's
 * health, a switch's registered / reachable / unreachable / powered-off, a reservation's status.
 * Fabric-wide events (reservations) carry switchId `*`. `tenant`, when set,
 * limits the event to that tenant's callers and to operators (reservations carry it).
 */
export interface WatchEvent {
  kind: WatchKind;
  type: string;
  switchId: string;
  at: number;
  tenant?: string;
  data: Record<string, unknown>;
}

/** An event with its stream position, the SSE `id` a reconnecting client sends as Last-Event-ID. */
export interface SequencedEvent extends WatchEvent {
  id: string;
}

export const WatchEventSchema = z.object({
  id: z.string(),
  kind: z.enum(WATCH_KINDS),
  type: z.string(),
  switchId: z.string(),
  at: z.number().int(),
  tenant: z.string().optional(),
  data: z.record(z.string(), z.unknown()),
});

export function operationEvent(op: Operation): WatchEvent {
  const { id, kind, status, reason, pairs, results, switchingMs, roundTripMs } = op;
  return {
    kind: 'operation',
    type: status,
    switchId: op.switchId,
    at: op.updatedAt,
    data: { operationId: id, operationKind: kind, status, reason, pairs, results, switchingMs, roundTripMs },
  };
}
