/**
 * Markdown for the topology section of docs/benchmarks.md: one table per goal, each figure beside
 * its goal and, where there is one, the peer's figure and the ratio. Pure formatting.
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
const f = (x: number, d = 1) => (Number.isFinite(x) ? x.toFixed(d) : 'n/a');
const verdict = (ok: boolean) => (ok ? 'met' : 'NOT met');

export function renderSection(heading: string, r: any): string {
  const p = r.peers ?? {};
  const lines: string[] = [heading, ''];
  lines.push(
    `Command: \`npm ci && npm run bench:topology\` (append \`-- --write-docs\` to rewrite this section). Machine: ${r.machine.nproc} cores, ${r.machine.cpu}, Node ${r.machine.node}, load average ${r.machine.load} at the start (other work on the machine inflates wall times; the CPU figures do not include waiting); peers: Python ${p.python ?? 'n/a'}, scipy ${p.scipy ?? 'n/a'}, networkx ${p.networkx ?? 'n/a'}. Run ${r.machine.date} UTC. Medians of repeated runs after warm-up; every instance is seeded and the peers solve the same instance.`,
  );
  if (r.skipped) lines.push('', `Peers skipped: ${r.skipped}.`);
  lines.push('', '### J64 factorisation (64 blocks, 256 OCS, 16,384 circuits into 256 per-OCS permutations)', '');
  lines.push('| engine | median ms | vs lightpath |', '|---|---:|---:|');
  lines.push(`| lightpath realiseMesh (alternating-path edge colouring, typed arrays) | ${f(r.j64.ms)} (CPU ${f(r.j64.cpuMs)}) | 1.0x |`);
  if (p.scipyPeelMs) lines.push(`| scipy: 256 Hopcroft-Karp peels (maximum_bipartite_matching) | ${f(p.scipyPeelMs)} | ${f(p.scipyPeelMs / r.j64.ms)}x slower |`);
  if (p.networkxPeelMs) lines.push(`| networkx: 256 hopcroft_karp_matching peels | ${f(p.networkxPeelMs)} | ${f(p.networkxPeelMs / r.j64.ms)}x slower |`);
  lines.push('', `Goal median <= 20 ms: ${verdict(r.j64.ms <= 20)} (${f(r.j64.ms)} ms). Verifier violations on the result: ${r.j64.violations}.`);
  const rewireTable = (title: string, rows: any[], relabel: any[] | undefined, extra: boolean) => {
    lines.push('', title, '');
    lines.push(
      `| churn | median ms (CPU ms) | changed (touched) | lower bound | ratio |${extra ? ' generating plan (ratio) |' : ''}${relabel ? ' re-factorise + relabel by scipy LSA (ratio) |' : ''} stages at X = 25% (lower bound) |`,
    );
    lines.push(`|---:|---:|---:|---:|---:|${extra ? '---:|' : ''}${relabel ? '---:|' : ''}---:|`);
    rows.forEach((w: any, i: number) => {
      const rel = relabel?.[i];
      lines.push(
        `| ${w.pct}% | ${f(w.ms)} (${f(w.cpuMs)}) | ${w.touched} | ${w.lowerBound} | ${f(w.ratio, 2)}x |${extra ? ` ${w.generatingPlan} (${f(w.generatingPlan / w.lowerBound, 2)}x) |` : ''}${relabel ? ` ${rel !== undefined ? `${rel} (${f(rel / w.lowerBound, 1)}x)` : 'n/a'} |` : ''} ${w.stages} (${w.stageLowerBound}) |`,
      );
    });
  };
  rewireTable(
    '### Minimal rewiring on J64, link-count churn (random degree-preserving swaps of link counts; churn = share of the 16,384 links moved)',
    r.rewires,
    p.relabel,
    false,
  );
  rewireTable(
    '### Minimal rewiring on J64, circuit churn (random exchanges of south ends between two circuits on one OCS, until the same share of links moved)',
    r.circuitRewires,
    undefined,
    true,
  );
  const all = [...r.rewires, ...r.circuitRewires];
  const rwTime = all.every((w: any) => w.ms <= 200);
  const met = (rows: any[]) => rows.filter((w: any) => w.ratio <= 1.2).map((w: any) => `${w.pct}%`);
  lines.push(
    '',
    `Goal <= 200 ms each: ${verdict(rwTime)}. Goal <= 1.2x the bound: link-count churn met at ${met(r.rewires).join(', ') || 'none'}, circuit churn met at ${met(r.circuitRewires).join(', ') || 'none'}; ${verdict(met(all).length === all.length)} overall (see the note below).`,
  );
  const t = r.traffic;
  lines.push('', `### Traffic-aware topology on J64 (gravity-model matrix, log-normal weights sigma = 1, offered load ${t.load} of direct capacity)`, '');
  lines.push('| figure | lightpath | scipy linprog (HiGHS) |', '|---|---:|---:|');
  lines.push(`| direct-traffic share, integer topology | ${f(t.objective * 100, 2)}% | |`);
  lines.push(`| LP relaxation bound | ${t.lpBound === undefined ? 'n/a' : `${f(t.lpBound * 100, 2)}%`} | ${p.scipyLpBound ? `${f(p.scipyLpBound * 100, 2)}%` : 'n/a'} |`);
  lines.push(`| gap to the LP bound | ${t.gap === undefined ? 'n/a' : `${f(t.gap * 100, 2)}%`} | |`);
  lines.push(`| median ms (lightpath: LP + rounding/MIP + orientation + realisation; scipy: LP only) | ${f(t.ms, 0)} | ${p.scipyLpMs ? f(p.scipyLpMs, 0) : 'n/a'} |`);
  lines.push('', `Solver: ${t.status}. Goal within 2% in <= 2 s: ${verdict((t.gap ?? 1) <= 0.02 && t.ms <= 2000)}.`);
  const s = r.slice;
  lines.push('', '### TPU-v4-style pod slices (64 cubes, 48 OCS)', '');
  lines.push('| slice | median ms | cross-connects |', '|---|---:|---:|');
  lines.push(
    `| 16x16x16 (whole pod) | ${f(s.fullMs, 2)} (CPU ${f(s.fullCpuMs, 2)}) | ${s.fullCrossConnects} |`,
    `| 4x8x8 twisted | ${f(s.twistedMs, 2)} (CPU ${f(s.twistedCpuMs, 2)}) | ${s.twistedCrossConnects} |`,
  );
  lines.push('', `Goal <= 10 ms: ${verdict(s.fullMs <= 10 && s.twistedMs <= 10)}.`);
  const c = r.scale;
  lines.push('', `### Scale: ${c.switches} OCS of 320 x 320 ports (${c.switchPorts.toLocaleString('en-US')} switch ports), 320 blocks, ${c.circuits.toLocaleString('en-US')} circuits`, '');
  lines.push('| step | ms |', '|---|---:|');
  lines.push(`| generate spec (640,000 fibres; setup, not planning) | ${f(c.specMs, 0)} |`);
  lines.push(`| compile port index | ${f(c.indexMs, 0)} |`);
  lines.push(`| realise the mesh (1,000 per-OCS matchings) | ${f(c.meshMs, 0)} |`);
  lines.push(`| plan = index + mesh | ${f(c.plannedMs, 0)} (CPU for spec + index + demand + mesh: ${f(c.cpuUpToPlanMs, 0)}) |`);
  lines.push(`| then rewire 1% churn (ratio ${f(c.rewireRatio, 2)}x) | ${f(c.rewireMs, 0)} |`);
  lines.push('', `Memory: peak RSS ${f(c.maxRssMB, 0)} MB, heap in use at the end ${f(c.heapUsedMB, 0)} MB. Goal <= 5 s and <= 2 GB: ${verdict(c.plannedMs <= 5000 && c.maxRssMB <= 2048)}.`);
  return lines.join('\n');
}
