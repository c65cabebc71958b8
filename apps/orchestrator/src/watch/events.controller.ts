import { Controller, Headers, Inject, type MessageEvent, Sse } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import { interval, map, merge, type Observable, startWith, takeUntil, timer } from 'rxjs';
import { Principal } from '../auth/principal.decorator';
import { AllowQueryToken, Roles } from '../auth/roles.decorator';
import { ORCH_CONFIG, type OrchestratorConfig } from '../config/orchestrator.config';
import { openApiSchema } from '../http/openapi-schema';
import { QueryParams } from '../http/request-params';
import { EventBus } from './event-bus.service';
import { WatchEventSchema } from './watch-event';
import { watchFilter, type WatchQuery, WatchQuerySchema } from './watch-filter';

const EXAMPLE_EVENT = {
  id: 'mfq2k3x1.42',
  kind: 'operation',
  type: 'succeeded',
  switchId: 'ocs-1',
  at: 1764000000000,
  data: { operationId: 'op-2f1c0b7e-8a55-4a57-9d7e-3f0e4c1b2a90', operationKind: 'connect', status: 'succeeded', switchingMs: 24.7 },
};

@ApiTags('events')
@Controller('v1/events')
export class EventsController {
  constructor(
    @Inject(ORCH_CONFIG) private readonly config: OrchestratorConfig,
    private readonly bus: EventBus,
  ) {}

  @Sse()
  @Roles('viewer')
  @AllowQueryToken()
  @ApiOperation({
    summary: 'Server-sent events: operation status changes, alarms, port health and switch registration/reachability',
    description:
      'text/event-stream; each event is `event: <kind>`, `id: <position>`, `data: <JSON>`. Comment lines are sent every ' +
      'WATCH_HEARTBEAT_MS so proxies keep the stream open. Reconnecting with `Last-Event-ID` replays the events missed ' +
      'on this replica (about the last thousand). Browsers\' EventSource cannot set headers, so the token may be given ' +
      'as `?access_token=` here (only here). A stream opened with a JWT ends when the JWT expires.',
  })
  @ApiProduces('text/event-stream')
  @ApiHeader({ name: 'Last-Event-ID', required: false, description: 'resume after this event id' })
  @ApiResponse({ status: 200, description: 'The stream; each data line is one event', schema: openApiSchema(WatchEventSchema, EXAMPLE_EVENT) })
  stream(
    @QueryParams(WatchQuerySchema, 'event filter', { kinds: 'operation,alarm', switchId: 'ocs-1' }) query: WatchQuery,
    @Principal() who: Principal,
    @Headers('last-event-id') lastEventId: string | undefined,
  ): Observable<MessageEvent> {
    const events = this.bus
      .events(watchFilter(query, who), lastEventId)
      .pipe(map((e): MessageEvent => ({ type: e.kind, id: e.id, data: e })));
    const heartbeats = interval(this.config.WATCH_HEARTBEAT_MS).pipe(map((): MessageEvent => ({ comment: 'heartbeat' })));
    // The first comment commits the response headers at once: a client knows it is subscribed
    // before anything happens (Nest defers headers until the first message).
    const stream = merge(events, heartbeats).pipe(startWith<MessageEvent>({ comment: 'subscribed' }));
    // A stream outlives the request that authenticated it: it ends when the JWT expires, so a
    // revoked caller is not served forever; EventSource reconnects with a fresh token.
    return who.expiresAt === undefined ? stream : stream.pipe(takeUntil(timer(Math.max(0, who.expiresAt - Date.now()))));
  }
}
