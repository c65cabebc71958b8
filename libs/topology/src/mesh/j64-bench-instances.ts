/**
 * J64 and its 1% and 5% link-count churn targets exactly as bench:topology draws them (seed 2026
 * mesh, seed 7 churn, the 1% target first from the same stream), so specs can pin what the
 * benchmark reports and the benchmark's tables all use the same instances. Not exported from the
 * library: benchmark and test data.
 */
import { generateBlockFabric } from '../generators/block-fabric.generator';
import { buildPortIndex } from './port-index.build';
import { churn, randomDemand, rng } from './random-instances';
import { realiseMesh } from './realise-mesh';

export function j64BenchInstances() {
  const spec = generateBlockFabric();
  const index = buildPortIndex(spec);
  const demand = randomDemand(64, 256, rng(2026));
  const before = realiseMesh(index, demand).crossConnects;
  const rand = rng(7);
  const targets = [1, 5].map((pct) => churn(demand, 64, Math.round((pct / 100) * 16384), rand));
  return { spec, index, demand, before, targets };
}
