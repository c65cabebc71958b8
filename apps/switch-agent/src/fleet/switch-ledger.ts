import { appendFileSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AckEvent } from '@lightpath/contracts';
import type { CrossConnectPair } from '@lightpath/mems-sim';

/** How many command ids an agent remembers per switch to apply each at most once (I5). */
export const REMEMBERED_COMMANDS = 1_000;

type SavedCrossConnect = CrossConnectPair & { lossDb: number; since: number };

interface LedgerState {
  switchId: string;
  highestEpoch: number;
  crossConnects: SavedCrossConnect[];
}

/**
 * What an agent must remember per switch across its own restarts: the highest epoch seen (fencing),
 * the last command ids with their acks (at-most-once), and, for
 * the simulator only, the crossbar itself: real MEMS mirrors hold their position when the control
 * software restarts, so a simulated switch must too.
 *
 * Two files: a small state file rewritten atomically (temp + rename) and an append-only journal of
 * acks, compacted when it reaches twice the remembered count. Rewriting a thousand acks on every
 * command cost milliseconds per command; appending one line costs microseconds.
 */
export class SwitchLedger {
  private state: LedgerState;
  private readonly recent = new Map<string, AckEvent>();
  private readonly stateFile: string;
  private readonly journalFile: string;
  private journalLines = 0;

  constructor(dir: string, switchId: string) {
    mkdirSync(dir, { recursive: true });
    this.stateFile = join(dir, `${switchId}.state.json`);
    this.journalFile = join(dir, `${switchId}.acks.jsonl`);
    this.state = readJson<LedgerState>(this.stateFile) ?? { switchId, highestEpoch: 0, crossConnects: [] };
    for (const ack of readJournal(this.journalFile)) this.remember(ack);
    this.journalLines = this.recent.size;
  }

  get highestEpoch(): number {
    return this.state.highestEpoch;
  }

  get savedCrossConnects(): SavedCrossConnect[] {
    return this.state.crossConnects;
  }

  previousAck(commandId: string): AckEvent | undefined {
    return this.recent.get(commandId);
  }

  /** Raises the fencing epoch; an agent never goes back to a lower one. */
  observeEpoch(epoch: number): void {
    this.state.highestEpoch = Math.max(this.state.highestEpoch, epoch);
  }

  /**
   * Records an applied command before its ack is sent, so a crash cannot make it apply twice: once
   * per command, however many operations' parts it merged.
   */
  record(ack: AckEvent, crossConnects: SavedCrossConnect[]): void {
    this.remember(ack);
    this.state.crossConnects = crossConnects;
    this.saveState();
    appendFileSync(this.journalFile, `${JSON.stringify(ack)}\n`);
    if (++this.journalLines >= 2 * REMEMBERED_COMMANDS) this.compactJournal();
  }

  saveCrossConnects(crossConnects: SavedCrossConnect[]): void {
    this.state.crossConnects = crossConnects;
    this.saveState();
  }

  private remember(ack: AckEvent): void {
    this.recent.delete(ack.commandId);
    this.recent.set(ack.commandId, ack);
    while (this.recent.size > REMEMBERED_COMMANDS) this.recent.delete(this.recent.keys().next().value as string);
  }

  private saveState(): void {
    atomicWrite(this.stateFile, JSON.stringify(this.state));
  }

  private compactJournal(): void {
    atomicWrite(this.journalFile, [...this.recent.values()].map((a) => `${JSON.stringify(a)}\n`).join(''));
    this.journalLines = this.recent.size;
  }
}

function atomicWrite(file: string, content: string): void {
  const tmp = `${file}.tmp`;
  writeFileSync(tmp, content);
  renameSync(tmp, file);
}

function readJson<T>(file: string): T | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as T;
  } catch {
    return undefined;
  }
}

/** Reads the journal, skipping a torn last line from a crash mid-append. */
function readJournal(file: string): AckEvent[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  const acks: AckEvent[] = [];
  for (const line of text.split('\n')) {
    if (!line) continue;
    try {
      const ack = JSON.parse(line) as AckEvent;
      // Acks written before commands had parts cannot be answered again in today's shape; their
      // commands are long past their deadlines, so forgetting them re-applies nothing.
      if (Array.isArray(ack.parts)) acks.push(ack);
    } catch {
      /* torn line: the command it recorded had not been acked, so it may run again */
    }
  }
  return acks;
}
