/**
 * Observes readiness against real work, for readiness-checks.ts: every process's /health/ready,
 * and a probe cross-connect (north 32 -> south 32, a port pair the workload never uses) through the
 * API on each switch, whose outcome is read from Redis, then removed again.
 */
import { fabricKeys } from '@lightpath/state';
import { waitFor } from '@lightpath/testing';
import { ApiClient } from './api-client';
import type { ChaosFleet } from './chaos-fleet';
import type { ReadinessObservation } from './readiness-checks';

const PROBE = { north: 32, south: 32 };

export async function isReady(url: string): Promise<boolean> {
  try {
    return (await fetch(`${url}/health/ready`, { signal: AbortSignal.timeout(5_000) })).status === 200;
  } catch {
    return false;
  }
}

export async function allReady(fleet: ChaosFleet): Promise<string[]> {
  const procs = [...[...fleet.orchestrators].map(([id, p]) => [id, p.url] as const), ...fleet.agents.map((a) => [a.id, a.process?.url ?? ''] as const)];
  const notReady: string[] = [];
  for (const [id, url] of procs) if (!(await isReady(url))) notReady.push(id);
  return notReady;
}

export async function observeReadiness(fleet: ChaosFleet, onProbe: (id: string, what: string) => void): Promise<ReadinessObservation[]> {
  const api = new ApiClient(() => fleet.urls(), fleet.tokens.operator);
  const out: ReadinessObservation[] = [];
  // The leader works if any probe got through it; one failing switch is its agent's fault.
  let probed = false;
  let anySucceeded = false;
  for (const agent of fleet.agents) {
    const ready = await isReady(agent.process?.url ?? '');
    let works: boolean | undefined;
    const evidence: string[] = [];
    for (const switchId of agent.switches) {
      const result = await probeSwitch(fleet, api, switchId, onProbe);
      evidence.push(`${switchId}: ${result.evidence}`);
      if (result.works === undefined) continue;
      probed = true;
      anySucceeded ||= result.works;
      works = (works ?? true) && result.works;
    }
    out.push({ process: agent.id, ready, works, evidence: evidence.join('; ') });
  }
  const leader = await fleet.leaderId();
  for (const [id, proc] of fleet.orchestrators) {
    const ready = await isReady(proc.url);
    let reads = false;
    try {
      reads = (await fetch(`${proc.url}/v1/switches`, { headers: { authorization: `Bearer ${fleet.tokens.admin}` }, signal: AbortSignal.timeout(5_000) })).status === 200;
    } catch {
      reads = false;
    }
    const works = id === leader ? reads && (anySucceeded || !probed) : reads;
    out.push({ process: id, ready, works, evidence: `${id === leader ? 'leader' : 'follower'}; GET /v1/switches ${reads ? 'answered 200' : 'failed'}` });
  }
  return out;
}

async function probeSwitch(fleet: ChaosFleet, api: ApiClient, switchId: string, onProbe: (id: string, what: string) => void): Promise<{ works?: boolean; evidence: string }> {
  const made = await api.call('POST', `/v1/switches/${switchId}/cross-connects`, PROBE);
  if (made.status === 409 && made.code === 'SWITCH_DRAINED') return { evidence: 'drained, not probed' };
  if (made.status !== 202) return { works: false, evidence: `POST cross-connects answered ${made.status} ${made.code ?? ''}`.trim() };
  const id = String(made.body.id);
  onProbe(id, `probe POST /v1/switches/${switchId}/cross-connects`);
  const op = await finished(fleet, id);
  if (op?.status !== 'succeeded') return { works: false, evidence: `probe ${id} ${op ? `${op.status}: ${op.reason ?? ''}` : 'never finished'}` };
  const removed = await api.call('DELETE', `/v1/switches/${switchId}/cross-connects/${PROBE.north}`);
  if (removed.status === 202) {
    onProbe(String(removed.body.id), `probe DELETE /v1/switches/${switchId}/cross-connects/${PROBE.north}`);
    await finished(fleet, String(removed.body.id));
  }
  return { works: true, evidence: `probe ${id} succeeded` };
}

/** The operation's final record, read from Redis (not the API); undefined if it never ends. */
async function finished(fleet: ChaosFleet, id: string): Promise<{ status: string; reason?: string } | undefined> {
  const key = fabricKeys(fleet.name).stagedOperation(id);
  return waitFor(
    `probe operation ${id} to end`,
    async () => {
      const raw = await fleet.reader.get(key).catch(() => null);
      const op = raw ? (JSON.parse(raw) as { status: string; reason?: string }) : undefined;
      return op && op.status !== 'pending' && op.status !== 'running' ? op : undefined;
    },
    { timeoutMs: fleet.options.commandTimeoutMs * 3 + 10_000, intervalMs: 100 },
  ).catch(() => undefined);
}
