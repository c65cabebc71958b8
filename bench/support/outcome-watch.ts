import { openEventStream } from '@lightpath/testing';

/** How something a bench started ended, as the event stream says. */
export interface Outcome {
  status: string;
  reason?: string;
}

export interface OutcomeWatch {
  /** Resolves when `id` reaches an end the watch was made for (whichever the stream says first). */
  next(id: string): Promise<Outcome>;
  close(): void;
}

type StreamEvent = { type: string; data: Record<string, unknown> };

/**
 * One server-sent events stream for a whole bench, turned into "wait for this id to end" (a bench
 * waits on events, as a client should: polling would load the API it measures). `pick` says which
 * events end which id; an end seen before anyone waits is kept for them.
 */
async function watchOutcomes(api: string, token: string, kinds: string, pick: (e: StreamEvent) => { id: string; outcome: Outcome } | undefined): Promise<OutcomeWatch> {
  const seen = new Map<string, Outcome>();
  const waiting = new Map<string, (o: Outcome) => void>();
  const stream = await openEventStream<StreamEvent>(`${api}/v1/events?kinds=${kinds}`, { authorization: `Bearer ${token}` }, ({ data: e }) => {
    const ended = e ? pick(e) : undefined;
    if (!ended) return;
    const w = waiting.get(ended.id);
    if (w) {
      waiting.delete(ended.id);
      w(ended.outcome);
    } else if (!seen.has(ended.id)) seen.set(ended.id, ended.outcome);
  });
  return {
    next: (id) => {
      const o = seen.get(id);
      if (o) {
        seen.delete(id);
        return Promise.resolve(o);
      }
      return new Promise((resolve) => waiting.set(id, resolve));
    },
    close: () => stream.close(),
  };
}

const RESERVATION_ENDS = new Set(['failed', 'released', 'expired', 'preempted']);
const OPERATION_ENDS = new Set(['succeeded', 'failed', 'rolled-back', 'cancelled']);

/** Reservations becoming active, or ending without (failed, released, expired). */
export function watchReservations(api: string, token: string): Promise<OutcomeWatch> {
  return watchOutcomes(api, token, 'reservation', (e) => {
    const status = String(e.data.status);
    if (e.type !== 'active' && !RESERVATION_ENDS.has(status)) return undefined;
    return { id: String(e.data.id), outcome: { status, reason: e.data.reason as string | undefined } };
  });
}

/** Operations of any kind finishing (single-switch ones carry `operationId`, staged ones `id`). */
export function watchOperations(api: string, token: string): Promise<OutcomeWatch> {
  return watchOutcomes(api, token, 'operation', (e) => {
    const status = String(e.data.status);
    if (!OPERATION_ENDS.has(status)) return undefined;
    return { id: String(e.data.operationId ?? e.data.id), outcome: { status, reason: e.data.reason as string | undefined } };
  });
}
