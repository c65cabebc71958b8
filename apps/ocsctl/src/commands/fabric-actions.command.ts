import { unwrap, type LightpathClient } from '@lightpath/client';
import type { Command } from 'commander';
import { dump } from 'js-yaml';
import type { CliRuntime } from '../cli-runtime';
import { UsageError } from '../exit-codes';
import { followOperation } from '../follow-operation';

type Side = 'north' | 'south';

/** Options every action that may start an operation takes. */
const waitable = (c: Command) =>
  c.option('--wait', 'follow the operation it starts until it finishes (exit 3 if it fails or rolls back)').option('--timeout <seconds>', 'with --wait: give up after this long (exit 3)', '300');

function sideOf(side: string): Side {
  if (side !== 'north' && side !== 'south') throw new UsageError(`side "${side}": choose north or south`);
  return side;
}

function portOf(port: string): number {
  if (!/^[1-9][0-9]{0,3}$/.test(port)) throw new UsageError(`port "${port}": a port number from 1`);
  return Number(port);
}

/**
 * Operator actions, one API call each (docs/api.md, "Staged operations"). Each prints what the API
 * answered (a table-free summary, or the body with -o json|yaml); those that start an operation
 * follow it with --wait.
 */
export function registerFabricActions(program: Command, rt: CliRuntime): void {
  const run = async (cmd: Command, call: (client: LightpathClient) => Promise<unknown>, summary: (body: Record<string, unknown>) => string, opts: { wait?: boolean; timeout?: string } = {}) => {
    const { client, settings } = await rt.client(cmd);
    const body = (await call(client)) as Record<string, unknown>;
    rt.io.stdout(settings.output === 'json' ? JSON.stringify(body, null, 2) + '\n' : settings.output === 'yaml' ? dump(body) : summary(body) + '\n');
    const op = (body.operation as { id?: string } | undefined)?.id ?? (typeof body.id === 'string' && body.id.startsWith('sop-') ? body.id : undefined);
    if (opts.wait && op) await followOperation(client, op, rt.io, Number(opts.timeout ?? 300) * 1000);
  };
  const opId = (b: Record<string, unknown>) => (b.operation as { id?: string } | undefined)?.id ?? '';

  waitable(program.command('drain').description("move a switch's circuits away in stages and take it out of service (no new circuits)").argument('<switch>')).action(
    async (sw: string, opts, cmd: Command) =>
      run(cmd, (c) => unwrap(c.api.POST('/v1/switches/{switchId}/drain', { params: { path: { switchId: sw } } })), (b) => `switch/${sw} draining: operation ${opId(b) || '(nothing to move)'}`, opts),
  );
  program
    .command('undrain')
    .description('let a drained switch take new circuits again')
    .argument('<switch>')
    .action(async (sw: string, _o, cmd: Command) => run(cmd, (c) => unwrap(c.api.POST('/v1/switches/{switchId}/undrain', { params: { path: { switchId: sw } } })), () => `switch/${sw} undrained`));
  program
    .command('fail-port')
    .description('mark a port failed: nothing new lands on it and the reconciler reroutes its circuit')
    .argument('<switch>')
    .argument('<side>', 'north | south')
    .argument('<port>')
    .option('--reason <text>', 'why (kept with the mark)')
    .action(async (sw: string, side: string, port: string, o: { reason?: string }, cmd: Command) =>
      run(
        cmd,
        (c) => unwrap(c.api.POST('/v1/switches/{switchId}/ports/{side}/{port}/fail', { params: { path: { switchId: sw, side: sideOf(side), port: portOf(port) } }, body: o.reason ? { reason: o.reason } : {} })),
        () => `switch/${sw} ${side}:${port} marked failed`,
      ),
    );
  program
    .command('restore-port')
    .description("clear an operator's failed mark on a port")
    .argument('<switch>')
    .argument('<side>', 'north | south')
    .argument('<port>')
    .action(async (sw: string, side: string, port: string, _o, cmd: Command) =>
      run(cmd, (c) => unwrap(c.api.POST('/v1/switches/{switchId}/ports/{side}/{port}/restore', { params: { path: { switchId: sw, side: sideOf(side), port: portOf(port) } } })), () => `switch/${sw} ${side}:${port} restored`),
    );
  program
    .command('freeze')
    .description('refuse every new operation (409 FABRIC_FROZEN) until unfrozen; running ones finish')
    .action(async (_o, cmd: Command) => run(cmd, (c) => unwrap(c.api.POST('/v1/fabric/freeze')), (b) => `fabric frozen by ${String(b.by)}`));
  program
    .command('unfreeze')
    .description('accept operations again')
    .action(async (_o, cmd: Command) => run(cmd, (c) => unwrap(c.api.POST('/v1/fabric/unfreeze')), () => 'fabric unfrozen'));
  program
    .command('cancel')
    .description('stop a staged operation before its next stage (applied stages stay)')
    .argument('<operation>')
    .action(async (id: string, _o, cmd: Command) => run(cmd, (c) => unwrap(c.api.POST('/v1/operations/{id}/cancel', { params: { path: { id } } })), (b) => `operation/${id} ${String(b.status ?? 'cancelling')}`));
  program
    .command('reconcile')
    .description("compare a switch's actual cross-connects with the desired ones now and repair or alarm")
    .argument('<switch>')
    .action(async (sw: string, _o, cmd: Command) => run(cmd, (c) => unwrap(c.api.POST('/v1/switches/{switchId}/reconcile', { params: { path: { switchId: sw } } })), (b) => `switch/${sw} ${String(b.result)}`));
}
