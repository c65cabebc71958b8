/**
 * Seeded synthetic slice-job traces for `npm run bench:placement`: Poisson arrivals, shapes drawn
 * from a mix, log-normal lease durations (sigma 1, mean 1 time unit), at a given offered load
 * (arrival rate x mean cubes x mean duration / cubes in the fabric).
 *
 * Shapes: the TPU v4 slice shapes of one cube (4x4x4) to a whole pod (16x16x16), twisted variants
 * where the shape allows one (docs/ocs-facts.md lists them and their source). No public source we
 * found gives how often each is asked for, so two mixes bracket it: `halving` (each doubling of
 * size half as many jobs, so every size asks for the same share of cube-time; the shape's plain and
 * twisted variants split its weight) and `uniform` (every shape equally often, heavy on large
 * slices).
 */
import { rng } from '../../libs/topology/src/mesh/random-instances';

export interface TraceShape {
  shape: [number, number, number];
  twisted: boolean;
  cubes: number;
}

export interface Job {
  id: number;
  arrival: number;
  duration: number;
  shape: TraceShape;
}

const S = (a: number, b: number, c: number, twisted = false): TraceShape => ({ shape: [a, b, c], twisted, cubes: (a / 4) * (b / 4) * (c / 4) });

/** Shapes and their weights per mix (weights of one size sum to the size's weight). */
export const MIXES: Record<string, { shape: TraceShape; weight: number }[]> = {
  halving: [
    { shape: S(4, 4, 4), weight: 32 },
    { shape: S(4, 4, 8), weight: 8 },
    { shape: S(4, 4, 8, true), weight: 8 },
    { shape: S(4, 8, 8), weight: 4 },
    { shape: S(4, 8, 8, true), weight: 4 },
    { shape: S(8, 8, 8), weight: 4 },
    { shape: S(8, 8, 16), weight: 1 },
    { shape: S(8, 8, 16, true), weight: 1 },
    { shape: S(8, 16, 16), weight: 0.5 },
    { shape: S(8, 16, 16, true), weight: 0.5 },
    { shape: S(16, 16, 16), weight: 0.5 },
  ],
  uniform: [S(4, 4, 4), S(4, 4, 8), S(4, 4, 8, true), S(4, 8, 8), S(4, 8, 8, true), S(8, 8, 8), S(8, 8, 16), S(8, 8, 16, true), S(8, 16, 16), S(8, 16, 16, true), S(16, 16, 16)].map((shape) => ({
    shape,
    weight: 1,
  })),
};

/** Mean cubes per job of a mix. */
export function meanCubes(mix: { shape: TraceShape; weight: number }[]): number {
  const w = mix.reduce((n, m) => n + m.weight, 0);
  return mix.reduce((n, m) => n + m.weight * m.shape.cubes, 0) / w;
}

/** Standard normal by Box-Muller on the seeded generator. */
function normal(rand: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
}

export function jobTrace(mixName: string, jobs: number, load: number, totalCubes: number, seed: number): Job[] {
  const mix = MIXES[mixName];
  const rand = rng(seed);
  const total = mix.reduce((n, m) => n + m.weight, 0);
  // Log-normal with sigma 1 and mean 1: mu = -sigma^2 / 2.
  const rate = (load * totalCubes) / meanCubes(mix);
  const out: Job[] = [];
  let t = 0;
  for (let i = 0; i < jobs; i++) {
    t += -Math.log(1 - rand()) / rate;
    let r = rand() * total;
    let k = 0;
    while (r >= mix[k].weight && k < mix.length - 1) r -= mix[k++].weight;
    out.push({ id: i, arrival: t, duration: Math.exp(-0.5 + normal(rand)), shape: mix[k].shape });
  }
  return out;
}
