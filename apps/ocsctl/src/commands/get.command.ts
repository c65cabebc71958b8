import { unwrap, type LightpathClient, type WatchEvent } from '@lightpath/client';
import type { Operation, StagedOperation } from '@lightpath/contracts';
import type { Command } from 'commander';
import type { CliRuntime } from '../cli-runtime';
import { UsageError } from '../exit-codes';
import { age, render, type Column } from '../output';

interface SwitchRow { switchId: string; agentId: string; northPorts: number; southPorts: number; reachable: boolean; powered: boolean; drained: boolean; crossConnects: number; profile: string; lastSeen: number }
type OperationRow = { id: string; kind: string; target: string; status: string; stage: string; who: string; createdAt: number; reason?: string };
interface ReservationRow { id: string; tenant: string; job: string; status: string; priority: number; cubes: string[]; expiresAt?: number; createdAt?: number }

const SWITCH_COLUMNS: Column<SwitchRow>[] = [
  { header: 'name', value: (s) => s.switchId },
  { header: 'ports', value: (s) => `${s.northPorts}x${s.southPorts}` },
  { header: 'reachable', value: (s) => s.reachable },
  { header: 'powered', value: (s) => s.powered },
  { header: 'drained', value: (s) => s.drained },
  { header: 'circuits', value: (s) => s.crossConnects },
  { header: 'agent', value: (s) => s.agentId, wide: true },
  { header: 'profile', value: (s) => s.profile, wide: true },
  { header: 'last-seen', value: (s) => age(s.lastSeen), wide: true },
];
const OPERATION_COLUMNS: Column<OperationRow>[] = [
  { header: 'id', value: (o) => o.id },
  { header: 'kind', value: (o) => o.kind },
  { header: 'target', value: (o) => o.target },
  { header: 'status', value: (o) => o.status },
  { header: 'stage', value: (o) => o.stage },
  { header: 'age', value: (o) => age(o.createdAt) },
  { header: 'who', value: (o) => o.who, wide: true },
  { header: 'reason', value: (o) => o.reason, wide: true },
];
const RESERVATION_COLUMNS: Column<ReservationRow>[] = [
  { header: 'id', value: (r) => r.id },
  { header: 'tenant', value: (r) => r.tenant },
  { header: 'job', value: (r) => r.job },
  { header: 'status', value: (r) => r.status },
  { header: 'lease-left', value: (r) => (r.expiresAt && r.expiresAt > Date.now() ? age(r.expiresAt) : '') },
  { header: 'priority', value: (r) => r.priority, wide: true },
  { header: 'cubes', value: (r) => r.cubes, wide: true },
];

export function operationRows(body: { operations: Operation[]; staged?: StagedOperation[] }): OperationRow[] {
  const single = body.operations.map((o) => ({ id: o.id, kind: o.kind, target: o.switchId, status: o.status, stage: '', who: '', createdAt: o.createdAt, reason: o.reason }));
  const staged = (body.staged ?? []).map((o) => ({ id: o.id, kind: o.kind, target: o.target, status: o.status, stage: `${Math.min(o.currentStage + 1, o.stages.length)}/${o.stages.length}`, who: o.who, createdAt: o.createdAt, reason: o.reason }));
  return [...single, ...staged].sort((a, b) => b.createdAt - a.createdAt);
}

/** `get` lists: each resource's list call, its table, and the event kinds `-w` follows. */
const RESOURCES: Record<string, { kinds: string[]; list(client: LightpathClient, limit: number): Promise<{ body: unknown; rows: unknown[] }>; columns: Column<never>[] }> = {
  switches: {
    kinds: ['switch', 'port'],
    list: async (c) => {
      const body = await unwrap<{ switches: SwitchRow[] }>(c.api.GET('/v1/switches'));
      return { body, rows: body.switches };
    },
    columns: SWITCH_COLUMNS as Column<never>[],
  },
  operations: {
    kinds: ['operation'],
    list: async (c, limit) => {
      const body = await unwrap<{ operations: Operation[]; staged?: StagedOperation[] }>(c.api.GET('/v1/operations', { params: { query: { limit } } }));
      return { body, rows: operationRows(body) };
    },
    columns: OPERATION_COLUMNS as Column<never>[],
  },
  reservations: {
    kinds: ['reservation'],
    list: async (c, limit) => {
      const body = await unwrap<{ reservations: ReservationRow[] }>(c.api.GET('/v1/reservations', { params: { query: { limit } } }));
      return { body, rows: body.reservations };
    },
    columns: RESERVATION_COLUMNS as Column<never>[],
  },
  topologies: {
    kinds: ['operation'],
    list: async (c) => {
      const body = await unwrap<{ topologies: unknown[] }>(c.api.GET('/v1/topologies'));
      const rows = body.topologies.map((t) => (typeof t === 'string' ? { name: t } : (t as { name: string })));
      return { body, rows };
    },
    columns: [{ header: 'name', value: (t: { name: string }) => t.name }] as Column<never>[],
  },
};
const ALIASES: Record<string, string> = { switch: 'switches', sw: 'switches', operation: 'operations', ops: 'operations', op: 'operations', reservation: 'reservations', rsv: 'reservations', topology: 'topologies', alarm: 'alarms' };

/** One line per event for `-w`: kubectl prints changed rows as they come; events are what changes here. */
function eventLine(e: WatchEvent): string {
  const d = e.data;
  const what = e.kind === 'operation' ? `${d.operationId ?? ''} ${d.status ?? ''}` : e.kind === 'alarm' ? `${d.code ?? ''} ${d.message ?? ''}` : e.kind === 'port' ? `${d.side}:${d.port} ${d.health}` : e.kind === 'reservation' ? `${(d as { id?: string }).id ?? ''}` : '';
  return `${new Date(e.at).toISOString()}   ${e.kind.padEnd(11)} ${e.type.padEnd(12)} ${e.switchId.padEnd(10)} ${what}`.trimEnd() + '\n';
}

export function registerGet(program: Command, rt: CliRuntime): void {
  program
    .command('get')
    .description('list switches, operations, topologies, reservations; alarms only as a watch (-w)')
    .argument('<resource>', 'switches | operations | topologies | reservations | alarms')
    .option('-w, --watch', 'after the list, print every change as it happens (reconnects with Last-Event-ID)')
    .option('--limit <n>', 'at most this many (operations, reservations)', '100')
    .action(async (resource: string, opts: { watch?: boolean; limit: string }, cmd: Command) => {
      const name = ALIASES[resource] ?? resource;
      const { client, settings } = await rt.client(cmd);
      if (name === 'alarms') {
        // The API keeps no list of alarms: they are events (GET /v1/events?kinds=alarm), and a port's health is in `describe switch`.
        if (!opts.watch) throw new UsageError('the API keeps no list of alarms, only the event stream: use `ocsctl get alarms -w` (failed ports: `ocsctl describe switch <id>`)');
        return follow(rt, client, ['alarm'], settings.output);
      }
      const spec = RESOURCES[name];
      if (!spec) throw new UsageError(`unknown resource "${resource}": choose switches, operations, topologies, reservations or alarms`);
      const { body, rows } = await spec.list(client, Number(opts.limit));
      rt.io.stdout(render(settings.output, body, rows as never[], spec.columns));
      if (opts.watch) await follow(rt, client, spec.kinds, settings.output);
    });
}

async function follow(rt: CliRuntime, client: LightpathClient, kinds: string[], format: string): Promise<void> {
  for await (const event of client.watch({ kinds, onReconnect: (r) => rt.io.stderr(`stream lost (${r.reason}); reconnecting${r.lastEventId ? ` from event ${r.lastEventId}` : ''}\n`) })) {
    rt.io.stdout(format === 'json' ? JSON.stringify(event) + '\n' : format === 'yaml' ? `---\n${JSON.stringify(event)}\n` : eventLine(event));
  }
}
