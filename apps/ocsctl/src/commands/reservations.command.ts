import { randomUUID } from 'node:crypto';
import { unwrap } from '@lightpath/client';
import type { Command } from 'commander';
import { dump } from 'js-yaml';
import type { CliRuntime } from '../cli-runtime';
import { UsageError } from '../exit-codes';

/** "90", "90s", "10m", "2h" as seconds (the API's leaseSeconds). */
export function durationSeconds(text: string, flag: string): number {
  const m = /^([1-9][0-9]*)(s|m|h)?$/.exec(text.trim());
  if (!m) throw new UsageError(`${flag} ${text}: a duration such as 90s, 10m or 2h`);
  return Number(m[1]) * { s: 1, m: 60, h: 3600 }[(m[2] ?? 's') as 's' | 'm' | 'h'];
}

interface ReservationBody { id: string; status: string; cubes?: string[]; expiresAt?: number; reason?: string; preempting?: string[] }

/** Launchers' verbs (docs/api.md, Reservations): reserve a slice under a lease, renew it, release it. */
export function registerReservations(program: Command, rt: CliRuntime): void {
  const print = async (cmd: Command, body: ReservationBody, line: string) => {
    const { output } = await rt.settings(cmd);
    rt.io.stdout(output === 'json' ? JSON.stringify(body, null, 2) + '\n' : output === 'yaml' ? dump(body) : line + '\n');
  };
  program
    .command('reserve')
    .description('reserve a torus slice of whole cubes for a job, under a lease')
    .requiredOption('--shape <AxBxC>', 'slice shape in chips, e.g. 4x4x8')
    .option('--job <name>', "the job's name", 'ocsctl')
    .option('--lease <duration>', 'lease, e.g. 10m', '10m')
    .option('--priority <n>', '0 to 100', '0')
    .option('--twisted', 'a twisted torus')
    .option('--preemptible', 'a higher-priority reservation may tear this one down')
    .option('--queue', 'wait in the queue when nothing fits now (else exit 1 with RESERVATION_NO_CAPACITY)')
    .option('--tenant <tenant>', "another tenant's (operators and admins only)")
    .option('--idempotency-key <key>', 'retry-safe key (default: a fresh UUID)')
    .action(async (o: { shape: string; job: string; lease: string; priority: string; twisted?: boolean; preemptible?: boolean; queue?: boolean; tenant?: string; idempotencyKey?: string }, cmd: Command) => {
      const priority = Number(o.priority);
      if (!Number.isInteger(priority)) throw new UsageError(`--priority ${o.priority}: an integer from 0 to 100`);
      const { client } = await rt.client(cmd);
      const body = await unwrap<ReservationBody>(
        client.api.POST('/v1/reservations', {
          // One key per invocation: the client's own retries (429, NOT_LEADER) then never reserve twice.
          params: { header: { 'Idempotency-Key': o.idempotencyKey ?? randomUUID() } },
          body: { job: o.job, slice: { shape: o.shape, twisted: o.twisted ?? false }, priority, leaseSeconds: durationSeconds(o.lease, '--lease'), onConflict: o.queue ? 'queue' : 'fail', preemptible: o.preemptible ?? false, ...(o.tenant ? { tenant: o.tenant } : {}) },
        }),
      );
      await print(cmd, body, `reservation/${body.id} ${body.status}${body.cubes?.length ? ` cubes ${body.cubes.join(',')}` : ''}${body.reason ? ` (${body.reason})` : ''}`);
    });
  program
    .command('renew')
    .description("restart a reservation's lease from now")
    .argument('<reservation>')
    .option('--lease <duration>', "new lease (default: the reservation's own)")
    .action(async (id: string, o: { lease?: string }, cmd: Command) => {
      const { client } = await rt.client(cmd);
      const body = await unwrap<ReservationBody>(client.api.POST('/v1/reservations/{id}/renew', { params: { path: { id } }, body: (o.lease ? { leaseSeconds: durationSeconds(o.lease, '--lease') } : {}) as never }));
      await print(cmd, body, `reservation/${id} renewed${body.expiresAt ? ` until ${new Date(body.expiresAt).toISOString()}` : ''}`);
    });
  program
    .command('release')
    .description("release a reservation early (its circuits are torn down)")
    .argument('<reservation>')
    .action(async (id: string, _o, cmd: Command) => {
      const { client } = await rt.client(cmd);
      const body = await unwrap<ReservationBody>(client.api.DELETE('/v1/reservations/{id}', { params: { path: { id } } }));
      await print(cmd, body, `reservation/${id} ${body.status}`);
    });
}
