import { Writable } from 'node:stream';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { installLastResortHandlers } from './last-resort';

describe('installLastResortHandlers', () => {
  let uninstall: (() => void) | undefined;
  afterEach(() => uninstall?.());

  const setup = () => {
    const lines: Record<string, unknown>[] = [];
    const sink = new Writable({ write: (chunk, _enc, done) => void (lines.push(JSON.parse(String(chunk))), done()) });
    const exits: number[] = [];
    uninstall = installLastResortHandlers(pino({ base: null }, sink), { recoverable: (e) => (e as Error).message === 'transient', exit: (c) => exits.push(c) });
    return { lines, exits };
  };

  it('logs a recoverable unhandled rejection as one JSON line and keeps the process alive', () => {
    const { lines, exits } = setup();
    process.emit('unhandledRejection', new Error('transient'), Promise.resolve());
    expect(exits).toEqual([]);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 50, err: { message: 'transient' } });
  });

  it('logs anything else as fatal and exits non-zero', () => {
    const { lines, exits } = setup();
    process.emit('unhandledRejection', new Error('corrupt state'), Promise.resolve());
    expect(exits).toEqual([1]);
    expect(lines[0]).toMatchObject({ level: 60, err: { message: 'corrupt state' } });
  });
});
