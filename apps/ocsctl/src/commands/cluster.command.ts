import { unwrap } from '@lightpath/client';
import type { Command } from 'commander';
import type { CliRuntime } from '../cli-runtime';
import { age, render, type Column } from '../output';

interface AuditRow { id: string; at: number; who: string; action: string; target: string; operationId?: string; outcome: string; operationStatus?: string; operationReason?: string }
interface LeaderView { selfId: string; isLeader: boolean; epoch: number; leaderId: string | null; leaderUrl: string | null }

const AUDIT_COLUMNS: Column<AuditRow>[] = [
  { header: 'age', value: (e) => age(e.at) },
  { header: 'who', value: (e) => e.who },
  { header: 'action', value: (e) => e.action },
  { header: 'target', value: (e) => e.target },
  { header: 'outcome', value: (e) => e.outcome },
  { header: 'operation', value: (e) => e.operationId },
  { header: 'op-status', value: (e) => e.operationStatus, wide: true },
  { header: 'op-reason', value: (e) => e.operationReason, wide: true },
];

/** `audit` (who changed what; operators) and `leader` (which replica leads, its epoch). */
export function registerCluster(program: Command, rt: CliRuntime): void {
  program
    .command('audit')
    .description('who changed what, newest first (role operator)')
    .option('--limit <n>', 'entries per page', '50')
    .option('--before <id>', "older than this entry (a page's `next`)")
    .action(async (o: { limit: string; before?: string }, cmd: Command) => {
      const { client, settings } = await rt.client(cmd);
      const body = await unwrap<{ entries: AuditRow[]; next?: string }>(client.api.GET('/v1/audit', { params: { query: { limit: Number(o.limit), ...(o.before ? { before: o.before } : {}) } } }));
      rt.io.stdout(render(settings.output, body, body.entries, AUDIT_COLUMNS));
      if (body.next && (settings.output === 'table' || settings.output === 'wide')) rt.io.stderr(`older entries: ocsctl audit --before ${body.next}\n`);
    });
  program
    .command('leader')
    .description('which orchestrator replica leads the fabric, and its epoch')
    .action(async (_o, cmd: Command) => {
      const { client, settings } = await rt.client(cmd);
      const view = await unwrap<LeaderView>(client.api.GET('/v1/leader'));
      const rows = [view];
      rt.io.stdout(
        render(settings.output, view, rows, [
          { header: 'leader', value: (v) => v.leaderId },
          { header: 'url', value: (v) => v.leaderUrl },
          { header: 'epoch', value: (v) => v.epoch },
          { header: 'answered-by', value: (v) => `${v.selfId}${v.isLeader ? ' (leader)' : ' (follower)'}` },
        ]),
      );
    });
}
