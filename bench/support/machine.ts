import { cpus, totalmem } from 'node:os';

/** The machine a figure was measured on, printed beside every benchmark result. */
export function describeMachine(): string {
  const cpu = cpus();
  return `${cpu.length} cores (${cpu[0]?.model.trim() ?? 'unknown CPU'}), ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.versions.node}, ${process.platform}`;
}
