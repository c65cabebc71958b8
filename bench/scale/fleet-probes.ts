import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** User + system CPU a process has used so far, in ms (/proc/<pid>/stat fields 14 and 15, in clock ticks). */
export function processCpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name (field 2) may hold spaces; the fields after its closing parenthesis do not.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  return (ticks * 1000) / 100; // USER_HZ is 100 on Linux
}

/** Resident set size of a process now, in MiB (VmRSS), and its peak (VmHWM). */
export function processRssMiB(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN);
  return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
}

/** CPU share (100 = one core) a process used over `ms`, sampled from /proc. */
export async function cpuShareOver(pid: number, ms: number): Promise<number> {
  const cpu0 = processCpuMs(pid);
  const t0 = performance.now();
  await new Promise((r) => setTimeout(r, ms));
  return (100 * (processCpuMs(pid) - cpu0)) / (performance.now() - t0);
}

/** Redis `used_memory` and `used_memory_peak` in MiB, from INFO memory (redis-cli, as an operator would). */
export async function redisMemoryMiB(port: number): Promise<{ used: number; peak: number }> {
  const { stdout } = await run('redis-cli', ['-p', String(port), 'info', 'memory']);
  const field = (key: string) => Number(new RegExp(`^${key}:(\\d+)`, 'm').exec(stdout)?.[1] ?? Number.NaN) / 2 ** 20;
  return { used: field('used_memory'), peak: field('used_memory_peak') };
}

/** Bytes a directory takes on disk (du), in MiB. */
export async function diskMiB(dir: string): Promise<number> {
  const { stdout } = await run('du', ['-sk', dir]);
  return Number(stdout.split('\t')[0]) / 1024;
}
