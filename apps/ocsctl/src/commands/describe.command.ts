import { unwrap } from '@lightpath/client';
import type { Operation, StagedOperation } from '@lightpath/contracts';
import type { Command } from 'commander';
import { dump } from 'js-yaml';
import type { CliRuntime } from '../cli-runtime';
import { UsageError } from '../exit-codes';

interface PortMapBody {
  switchId: string; agentId: string; northPorts: number; southPorts: number; reachable: boolean; powered: boolean; drained: boolean; profile: string;
  active: { north: number; south: number; lossDb: number; owner: string }[];
  desired: unknown[];
  pending: { side: string; port: number; operationId: string }[];
  unhealthyPorts: { side: string; port: number; health: string }[];
}

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];

/** The switch as an operator reads it: use, health, insertion-loss spread, drained and frozen. */
export function describeSwitch(map: PortMapBody, frozen: { frozen: boolean; by?: string }): string {
  const loss = map.active.map((c) => c.lossDb).sort((a, b) => a - b);
  const owners = new Map<string, number>();
  for (const c of map.active) owners.set(c.owner, (owners.get(c.owner) ?? 0) + 1);
  const failed = map.unhealthyPorts.filter((p) => p.health === 'failed');
  const degraded = map.unhealthyPorts.filter((p) => p.health !== 'failed');
  const lines = [
    `Name:            ${map.switchId}`,
    `Agent:           ${map.agentId} (${map.profile})`,
    `Ports:           ${map.northPorts} north x ${map.southPorts} south`,
    `Reachable:       ${map.reachable ? 'yes' : 'no'}`,
    `Powered:         ${map.powered ? 'yes' : 'no'}`,
    `Drained:         ${map.drained ? 'yes' : 'no'}`,
    `Fabric frozen:   ${frozen.frozen ? `yes (by ${frozen.by ?? 'unknown'})` : 'no'}`,
    `Circuits:        ${map.active.length} active, ${map.desired.length} desired, ${map.pending.length} ports held by operations`,
    `Owners:          ${[...owners].map(([o, n]) => `${o}=${n}`).join(', ') || '<none>'}`,
    `Insertion loss:  ${loss.length ? `min ${loss[0].toFixed(2)} dB, p50 ${quantile(loss, 0.5).toFixed(2)} dB, p99 ${quantile(loss, 0.99).toFixed(2)} dB, max ${loss[loss.length - 1].toFixed(2)} dB` : '<no lit circuit>'}`,
    `Failed ports:    ${failed.map((p) => `${p.side}:${p.port}`).join(', ') || '<none>'}`,
    `Degraded ports:  ${degraded.map((p) => `${p.side}:${p.port}`).join(', ') || '<none>'}`,
    `Held ports:      ${map.pending.map((p) => `${p.side}:${p.port} (${p.operationId})`).join(', ') || '<none>'}`,
  ];
  return lines.join('\n') + '\n';
}

const time = (at?: number) => (at ? new Date(at).toISOString() : '-');

/** Stages, per-switch results and timings of a staged operation; pairs and results of a single one. */
export function describeOperation(op: Operation | StagedOperation): string {
  const lines = [`ID:       ${op.id}`, `Kind:     ${op.kind}`, `Status:   ${op.status}${op.reason ? ` (${op.reason})` : ''}`, `Created:  ${time(op.createdAt)}`];
  if ('stages' in op) {
    lines.push(`Target:   ${op.target}`, `Who:      ${op.who}${op.tenant ? ` (tenant ${op.tenant})` : ''}`, `Stages:   ${op.stages.length} (current ${op.currentStage + 1})`);
    for (const stage of op.stages) {
      const took = stage.startedAt && stage.finishedAt ? ` in ${stage.finishedAt - stage.startedAt} ms` : '';
      lines.push(`  Stage ${stage.index + 1}: ${stage.status}${took}, ${stage.changes.length} switches`);
      for (const r of stage.results ?? []) {
        lines.push(`    ${r.switchId.padEnd(12)} ${r.ok ? 'ok' : `FAILED ${r.reason ?? ''}`}  -${r.removed.length} +${r.added.length}${r.switchingMs !== undefined ? `  ${r.switchingMs.toFixed(1)} ms` : ''}`);
      }
    }
  } else {
    lines.push(`Switch:   ${op.switchId}`, `Pairs:    ${op.pairs.map((p) => `${p.north}-${p.south}`).join(', ')}`);
    if (op.switchingMs !== undefined) lines.push(`Timing:   switching ${op.switchingMs.toFixed(1)} ms, round trip ${op.roundTripMs?.toFixed(1) ?? '-'} ms`);
    for (const r of op.results ?? []) lines.push(`  ${JSON.stringify(r)}`);
  }
  return lines.join('\n') + '\n';
}

export function registerDescribe(program: Command, rt: CliRuntime): void {
  program
    .command('describe')
    .description('show one switch (use, failed ports, insertion-loss spread, drained/frozen) or one operation (stages, per-switch results, timings)')
    .argument('<kind>', 'switch | operation')
    .argument('<id>')
    .action(async (kind: string, id: string, _opts: unknown, cmd: Command) => {
      const { client, settings } = await rt.client(cmd);
      let body: unknown;
      let text: string;
      if (kind === 'switch' || kind === 'switches' || kind === 'sw') {
        const map = await unwrap<PortMapBody>(client.api.GET('/v1/switches/{switchId}', { params: { path: { switchId: id } } }));
        const frozen = await unwrap<{ frozen: boolean; by?: string }>(client.api.GET('/v1/fabric/freeze'));
        body = map;
        text = describeSwitch(map, frozen);
      } else if (kind === 'operation' || kind === 'operations' || kind === 'op') {
        const op = await unwrap<Operation | StagedOperation>(client.api.GET('/v1/operations/{id}', { params: { path: { id } } }));
        body = op;
        text = describeOperation(op);
      } else throw new UsageError(`describe ${kind}: choose switch or operation`);
      rt.io.stdout(settings.output === 'json' ? JSON.stringify(body, null, 2) + '\n' : settings.output === 'yaml' ? dump(body) : text);
    });
}
