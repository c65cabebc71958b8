/**
 * bench:scale (issue 12, item 3): a fleet of simulated OCS (default 1,000 Calient-sized switches of
 * 320 x 320 ports, docs/ocs-facts.md) served by `--agents` agent processes, on a Kafka broker and
 * a redis-server of the bench's own (free ports, data under .run/private; never the shared ones),
 * stopped and wiped at the end. It measures:
 *   - time from spawning the agents until every switch is registered (goal <= 30 s);
 *   - the orchestrator's CPU share over `--steady-s` seconds of heartbeats and snapshots (/proc);
 *   - the orchestrator's RSS (goal <= 1.5 GB), Redis memory (INFO memory), Kafka disk (du);
 *   - a full mesh of `--blocks` blocks (320 blocks over 1,000 OCS = 320,000 circuits) planned,
 *     claimed, staged and applied end to end: POST /v1/topologies/{name} -> operation succeeded
 *     (goal <= 60 s).
 * Sizes are parameters so a smoke run is small: npm run bench:scale -- --switches 20 --agents 2 --blocks 8
 */
import { rmSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { topicNames, type StagedOperation } from '@lightpath/contracts';
import { createKafka, ensureTopics, MESSAGING_DEFAULTS, silentLogger } from '@lightpath/messaging';
import { startApp, startPrivateKafka, startPrivateRedis, waitFor, type AppProcess } from '@lightpath/testing';
import { blockFabricSwitchId, generateBlockFabric } from '@lightpath/topology';
import { benchEnv, httpAs } from '../support/bench-env';
import { describeMachine } from '../support/machine';
import { watchOperations } from '../support/outcome-watch';
import { cpuShareOver, diskMiB, processRssMiB, redisMemoryMiB } from './fleet-probes';
import { fullMesh } from './mesh-demand';

const { values: args } = parseArgs({
  options: {
    switches: { type: 'string', default: '1000' },
    agents: { type: 'string', default: '8' },
    blocks: { type: 'string', default: '320' },
    ports: { type: 'string', default: '320' },
    profile: { type: 'string', default: '3d-mems' },
    'steady-s': { type: 'string', default: '30' },
    // The goal's 60 s by default; longer shows how long the full mesh takes when it does not fit.
    'command-timeout-s': { type: 'string', default: '60' },
    out: { type: 'string', default: '.run/bench-scale.json' },
  },
});
const SWITCHES = Number(args.switches);
const AGENTS = Number(args.agents);
const BLOCKS = Number(args.blocks);
const PORTS = Number(args.ports);
const STEADY_MS = Number(args['steady-s']) * 1000;
if (BLOCKS > PORTS) throw new Error(`--blocks (${BLOCKS}) must be at most --ports (${PORTS}): every block has one north and one south port on every OCS`);

type SwitchList = { switches: { id: string; reachable: boolean; crossConnects: number }[] };

/** Rejects once `app` has exited, with the end of its log. */
async function exited(app: AppProcess): Promise<never> {
  await waitFor(`${app.pid} to exit`, () => !alive(app.pid), { timeoutMs: 24 * 3_600_000, intervalMs: 500 });
  throw new Error(`pid ${app.pid} exited; the end of its log:\n${app.logs().slice(-6000)}`);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function main(): Promise<void> {
  const kafka = await startPrivateKafka('bench-scale');
  const redis = await startPrivateRedis('bench-scale');
  const bench = benchEnv('scale', { KAFKA_BROKERS: kafka.address, REDIS_URL: redis.address, COMMAND_TIMEOUT_MS: String(Number(args['command-timeout-s']) * 1000),
    ORCH_JSON_BODY_LIMIT_MB: '256',
    // One replica: planning a 320,000-circuit mesh holds the event loop for seconds on a loaded
    // machine, past the default 3 s lease, and the replica would lose the lease to itself mid-request.
    LEADER_LEASE_MS: '30000',
    // The 1,000-OCS spec (~60 MB) is stored by one Lua script, which took longer than the default
    // Redis command timeout on a loaded machine (503 STATE_UNAVAILABLE): docs/benchmarks.md.
    REDIS_COMMAND_TIMEOUT_MS: '30000',
    // A fleet-wide stage's commands take longer than the default 5 s to be answered on this machine
    // while 1,000 agents' switches apply 320 pairs each; resending them all then only adds load.
    COMMAND_RESEND_MS: String(Math.max(30, Number(args['command-timeout-s']) / 4) * 1000),
  });
  const http = httpAs(bench.token);
  const progress = (what: string) => console.error(`[bench:scale] ${new Date().toISOString()} ${what}`);
  const started: AppProcess[] = [];
  try {
    const orchestrator = await startApp('orchestrator', { ...bench.env, ORCH_HTTP_PORT: '0', ORCH_ID: 'bench' }, 'orchestrator ready', { timeoutMs: 120_000 });
    started.push(orchestrator);
    const api = orchestrator.url;

    const spec = generateBlockFabric({ blocks: BLOCKS, uplinks: 2 * SWITCHES, ocs: SWITCHES, portsPerOcs: PORTS, name: bench.name });
    const specStarted = performance.now();
    const put = await http('PUT', `${api}/v1/fabric`, spec);
    const specMs = performance.now() - specStarted;
    progress(`fabric spec stored in ${specMs.toFixed(0)} ms`);
    if (put.status !== 200) throw new Error(`PUT /v1/fabric answered ${put.status}: ${JSON.stringify(put.body).slice(0, 500)}`);

    // The switches' command topics, provisioned before the agents start as an operator (or a topic
    // operator such as Strimzi's) would: eight agents racing to create 1,000 topics on a loaded
    // machine ran past their 30 s leader wait. Timed apart, as the cost of per-switch topics.
    const ids = Array.from({ length: SWITCHES }, (_, m) => blockFabricSwitchId(m));
    const topicsStarted = performance.now();
    const kafkaAdmin = createKafka({ brokers: [kafka.address], clientId: 'bench-scale', logger: silentLogger });
    await ensureTopics(
      kafkaAdmin,
      ids.map((id) => ({ topic: topicNames(bench.name).commands(id), partitions: MESSAGING_DEFAULTS.commandPartitions })),
      600_000,
    );
    const topicsMs = performance.now() - topicsStarted;
    progress(`${SWITCHES} command topics created in ${(topicsMs / 1000).toFixed(1)} s`);

    // The agents: spawned together, each serving an equal share of the switches.
    const per = Math.ceil(SWITCHES / AGENTS);
    const agentsStarted = performance.now();
    // allSettled: an agent that fails to start must not leave the others it raced with running.
    const settled = await Promise.allSettled(
      Array.from({ length: AGENTS }, (_, i) => ids.slice(i * per, (i + 1) * per))
        .filter((mine) => mine.length > 0)
        .map((mine, i) =>
          startApp(
            'switch-agent',
            {
              ...bench.env,
              AGENT_ID: `bench-scale-${i}`,
              AGENT_SWITCHES: mine.join(','),
              AGENT_PORTS: String(PORTS),
              AGENT_PROFILE: args.profile!,
              AGENT_HTTP_PORT: '0',
              AGENT_STATE_DIR: bench.stateDir,
            },
            'switch agent ready',
            { timeoutMs: 300_000 },
          ),
        ),
    );
    const agents = settled.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    started.push(...agents);
    const failed = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
    const agentsReadyMs = performance.now() - agentsStarted;
    progress(`${agents.length} agents ready after ${(agentsReadyMs / 1000).toFixed(1)} s`);
    const reachable = async () => (await http<SwitchList>('GET', `${api}/v1/switches`)).body.switches.filter((s) => s.reachable).length;
    await waitFor(`${SWITCHES} switches to register`, async () => (await reachable()) === SWITCHES, { timeoutMs: 600_000, intervalMs: 250 });
    const registeredMs = performance.now() - agentsStarted;
    progress(`all ${SWITCHES} registered after ${(registeredMs / 1000).toFixed(1)} s; steady state for ${STEADY_MS / 1000} s`);

    // Steady state: heartbeats and snapshots only.
    const steadyCpu = await cpuShareOver(orchestrator.pid, STEADY_MS);
    const steadyRss = processRssMiB(orchestrator.pid);
    progress(`steady state: orchestrator CPU ${steadyCpu.toFixed(1)} % of a core, RSS ${steadyRss.rss.toFixed(0)} MiB; Redis ${JSON.stringify(await redisMemoryMiB(redis.port))} MiB; Kafka ${(await diskMiB(kafka.dataDir)).toFixed(1)} MiB`);

    // The mesh, end to end.
    const links = fullMesh(BLOCKS, SWITCHES);
    const circuits = links.reduce((n, l) => n + l.links, 0);
    const ops = await watchOperations(api, bench.token);
    const meshStarted = performance.now();
    const res = await http<{ operation?: StagedOperation }>('POST', `${api}/v1/topologies/scale-mesh`, { intent: { kind: 'mesh', links } });
    const acceptedMs = performance.now() - meshStarted;
    progress(`mesh POST answered ${res.status} after ${(acceptedMs / 1000).toFixed(1)} s`);
    if (res.status !== 202 || !res.body.operation) throw new Error(`mesh apply answered ${res.status}: ${JSON.stringify(res.body).slice(0, 800)}`);
    // An orchestrator that dies mid-operation never ends it: fail with its log rather than wait forever.
    const outcome = await Promise.race([ops.next(res.body.operation.id), exited(orchestrator)]);
    const meshMs = performance.now() - meshStarted;
    ops.close();
    if (outcome.status !== 'succeeded') throw new Error(`mesh operation ${outcome.status}: ${outcome.reason}`);
    const op = (await http<StagedOperation>('GET', `${api}/v1/operations/${res.body.operation.id}`)).body;
    const switchingMs = op.stages.reduce((sum, s) => sum + Math.max(0, ...(s.results ?? []).map((r) => r.switchingMs ?? 0)), 0);
    // What the switches report: every circuit of the mesh present in the fleet's actual state.
    const actual = async () => (await http<SwitchList>('GET', `${api}/v1/switches`)).body.switches.reduce((n, s) => n + s.crossConnects, 0);
    await waitFor(`${circuits} circuits reported`, async () => (await actual()) === circuits, { timeoutMs: 120_000, intervalMs: 500 });
    const afterMeshCpu = await cpuShareOver(orchestrator.pid, Math.min(STEADY_MS, 10_000));
    // Then the fleet holding the mesh with nothing to do: heartbeats, snapshots (one per switch every
    // 30 s) and the reconciler's passes, which now look only at what changed (look-schedule.ts).
    const looksBefore = await reconcileLooks(api);
    const heldCpu = await cpuShareOver(orchestrator.pid, STEADY_MS);
    const looksAfter = await reconcileLooks(api);
    const heldLooks = Object.fromEntries(Object.entries(looksAfter).map(([k, v]) => [k, v - (looksBefore[k] ?? 0)]));
    const rss = processRssMiB(orchestrator.pid);
    const redisMem = await redisMemoryMiB(redis.port);
    const kafkaDisk = await diskMiB(kafka.dataDir);

    const result = {
      machine: describeMachine(),
      switches: SWITCHES,
      portsPerSide: PORTS,
      agentProcesses: agents.length,
      profile: args.profile,
      blocks: BLOCKS,
      circuits,
      stages: op.stages.length,
      fabricSpecPutMs: specMs,
      commandTopicsCreatedMs: topicsMs,
      agentsReadyMs,
      registeredMs,
      steadyCpuPercent: steadyCpu,
      steadySeconds: STEADY_MS / 1000,
      steadyRssMiB: steadyRss.rss,
      meshAcceptedMs: acceptedMs,
      meshMs,
      meshSimulatedSwitchingMs: switchingMs,
      afterMeshCpuPercent: afterMeshCpu,
      heldMeshCpuPercent: heldCpu,
      heldMeshReconcileLooks: heldLooks,
      orchestratorRssMiB: rss.rss,
      orchestratorPeakRssMiB: rss.peak,
      redisUsedMiB: redisMem.used,
      redisPeakMiB: redisMem.peak,
      kafkaDiskMiB: kafkaDisk,
    };
    writeFileSync(args.out!, JSON.stringify(result, null, 2));
    const f = (n: number) => n.toFixed(1);
    console.log(`\nbench:scale on ${result.machine}; ${SWITCHES} OCS of ${PORTS}x${PORTS} (${args.profile}) over ${agents.length} agent processes; mesh of ${BLOCKS} blocks = ${circuits} circuits in ${result.stages} stage(s)\n`);
    console.log('| measure | value | goal |\n|---|---|---|');
    console.log(`| agents spawned -> all ${SWITCHES} registered | ${f(registeredMs / 1000)} s (agents ready after ${f(agentsReadyMs / 1000)} s) | <= 30 s: ${registeredMs <= 30_000 ? 'met' : 'NOT met'} |`);
    console.log(`| ${SWITCHES} command topics created (before the agents) | ${f(topicsMs / 1000)} s | reported |`);
    console.log(`| orchestrator CPU at steady state (${STEADY_MS / 1000} s, heartbeats and snapshots) | ${f(steadyCpu)} % of one core | reported |`);
    console.log(`| PUT /v1/fabric (${spec.fibres.length} fibres) | ${f(specMs)} ms | reported |`);
    console.log(`| mesh POST answered (planned, verified, ports claimed) | ${f(acceptedMs / 1000)} s | reported |`);
    console.log(`| mesh POST -> operation succeeded | ${f(meshMs / 1000)} s (simulated switching ${f(switchingMs / 1000)} s) | <= 60 s: ${meshMs <= 60_000 ? 'met' : 'NOT met'} |`);
    console.log(`| orchestrator RSS (steady / after mesh / peak) | ${f(steadyRss.rss)} / ${f(rss.rss)} / ${f(rss.peak)} MiB | <= 1,536 MiB: ${rss.peak <= 1536 ? 'met' : 'NOT met'} |`);
    console.log(`| orchestrator CPU after the mesh (first ${Math.min(STEADY_MS, 10_000) / 1000} s, idle fleet holding it) | ${f(afterMeshCpu)} % | reported |`);
    console.log(`| orchestrator CPU holding the mesh (the ${STEADY_MS / 1000} s after that) | ${f(heldCpu)} % | reported |`);
    console.log(`| reconciler looks meanwhile, by cause (lightpath_reconcile_looks_total) | ${Object.entries(heldLooks).map(([k, v]) => `${k} ${v}`).join(', ') || 'none counted'} | reported |`);
    console.log(`| Redis used_memory (now / peak) | ${f(redisMem.used)} / ${f(redisMem.peak)} MiB | reported |`);
    console.log(`| Kafka data on disk (du) | ${f(kafkaDisk)} MiB | reported |`);
  } finally {
    if (process.env.BENCH_DUMP_LOGS) started.forEach((a, i) => writeFileSync(`.run/bench-scale-${i === 0 ? 'orchestrator' : `agent-${i - 1}`}.log`, a.logs()));
    await Promise.all(started.map((a) => a.stop()));
    await Promise.all([kafka.dispose(), redis.dispose()]);
    rmSync(bench.stateDir, { recursive: true, force: true });
  }
}

main().catch((err: Error) => {
  console.error(err.stack ?? err.message);
  process.exit(1);
});

/** The reconciler's looks so far by cause, from the orchestrator's /metrics (open, no token). */
async function reconcileLooks(api: string): Promise<Record<string, number>> {
  const text = await (await fetch(`${api}/metrics`)).text();
  const looks: Record<string, number> = {};
  for (const m of text.matchAll(/^lightpath_reconcile_looks_total\{[^}]*pass="(\w+)"[^}]*\} (\d+)/gm)) looks[m[1]] = Number(m[2]);
  return looks;
}
