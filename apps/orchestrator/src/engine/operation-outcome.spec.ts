import type { SwitchResult } from '@lightpath/contracts';
import { describe, expect, it } from 'vitest';
import { stageFailure } from './operation-outcome';

const failed = (i: number): SwitchResult => ({ switchId: `ocs-${i}`, ok: false, reason: 'COMMAND_NOT_SENT: the broker is away', removed: [], added: [], pairs: [] });

describe('stageFailure', () => {
  it('names each failed switch with its reason when few failed, and leaves the ones that succeeded out', () => {
    const ok: SwitchResult = { switchId: 'ocs-9', ok: true, removed: [], added: [], pairs: [] };
    expect(stageFailure([failed(1), ok, failed(2)])).toBe('ocs-1: COMMAND_NOT_SENT: the broker is away; ocs-2: COMMAND_NOT_SENT: the broker is away');
  });

  it('names the first five of a fleet-wide failure and counts the rest, so the reason stays short', () => {
    const why = stageFailure(Array.from({ length: 1000 }, (_, i) => failed(i)));
    expect(why).toMatch(/^ocs-0: .*; ocs-4: COMMAND_NOT_SENT: the broker is away; and 995 more switch\(es\) failed/);
    expect(why.length).toBeLessThan(400);
  });
});
