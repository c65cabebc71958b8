import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AckEvent } from '@lightpath/contracts';
import type { CrossConnectPair } from '@lightpath/mems-sim';

/** How many command ids an agent remembers per switch to apply each at most once (I5). */
export const REMEMBERED_COMMANDS = 1_000;

interface LedgerFile {
  switchId: string;
  highestEpoch: number;
  generation: number;
  crossConnects: (CrossConnectPair & { lossDb: number; since: number })[];
  recent: { commandId: string; ack: AckEvent }[];
}

/**
 * What an agent must remember per switch across its own restarts: the highest epoch seen (fencing),
 * the last command ids with their acks (at-most-once), the highest generation applied, and, for
 * the simulator only, the crossbar itself: real MEMS mirrors hold their position when the control
 * software restarts, so a simulated switch must too. Written atomically (temp file + rename).
 */
export class SwitchLedger {
  private data: LedgerFile;
  private readonly recent = new Map<string, AckEvent>();
  private readonly file: string;

  constructor(dir: string, switchId: string) {
    mkdirSync(dir, { recursive: true });
    this.file = join(dir, `${switchId}.json`);
    this.data = this.load(switchId);
    for (const r of this.data.recent) this.recent.set(r.commandId, r.ack);
  }

  get highestEpoch(): number {
    return this.data.highestEpoch;
  }

  get generation(): number {
    return this.data.generation;
  }

  get savedCrossConnects(): LedgerFile['crossConnects'] {
    return this.data.crossConnects;
  }

  previousAck(commandId: string): AckEvent | undefined {
    return this.recent.get(commandId);
  }

  /** Raises the fencing epoch; an agent never goes back to a lower one. */
  observeEpoch(epoch: number): void {
    this.data.highestEpoch = Math.max(this.data.highestEpoch, epoch);
  }

  record(ack: AckEvent, crossConnects: LedgerFile['crossConnects']): void {
    this.recent.set(ack.commandId, ack);
    while (this.recent.size > REMEMBERED_COMMANDS) this.recent.delete(this.recent.keys().next().value as string);
    this.data.generation = Math.max(this.data.generation, ack.generation);
    this.data.crossConnects = crossConnects;
    this.save();
  }

  saveCrossConnects(crossConnects: LedgerFile['crossConnects']): void {
    this.data.crossConnects = crossConnects;
    this.save();
  }

  private load(switchId: string): LedgerFile {
    try {
      return JSON.parse(readFileSync(this.file, 'utf8')) as LedgerFile;
    } catch {
      return { switchId, highestEpoch: 0, generation: 0, crossConnects: [], recent: [] };
    }
  }

  private save(): void {
    this.data.recent = [...this.recent].map(([commandId, ack]) => ({ commandId, ack }));
    const tmp = `${this.file}.tmp`;
    writeFileSync(tmp, JSON.stringify(this.data));
    renameSync(tmp, this.file);
  }
}
