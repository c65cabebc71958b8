import { unwrap, type LightpathClient } from '@lightpath/client';
import type { Operation, StagedOperation } from '@lightpath/contracts';
import type { CliIo } from './cli-runtime';
import { OperationFailedError } from './exit-codes';

type AnyOperation = (Operation | StagedOperation) & { stages?: StagedOperation['stages']; currentStage?: number };
const FINISHED = new Set(['succeeded', 'failed', 'rolled-back', 'cancelled']);

/** "stage 2/5 [##########----------] running" for a staged operation, the status for a single one. */
export function progressLine(op: AnyOperation): string {
  if (!op.stages?.length) return `${op.id} ${op.status}`;
  const done = op.stages.filter((s) => s.status === 'succeeded').length;
  const width = 20;
  const filled = Math.round((done / op.stages.length) * width);
  const stage = Math.min((op.currentStage ?? 0) + 1, op.stages.length);
  return `${op.id} stage ${stage}/${op.stages.length} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${op.status}`;
}

/**
 * Follows an operation until it finishes: woken by its events on /v1/events (one stream, no polling
 * loop), reading the operation after each so stage progress shows; a read every 2 s covers a stream
 * that is down. Throws OperationFailedError (exit 3) when it ends other than `succeeded` or does
 * not finish within `timeoutMs`.
 */
export async function followOperation(client: LightpathClient, id: string, io: CliIo, timeoutMs: number): Promise<AnyOperation> {
  const abort = new AbortController();
  const deadline = setTimeout(() => abort.abort(), timeoutMs);
  let last = '';
  const show = (op: AnyOperation) => {
    const line = progressLine(op);
    if (line === last) return;
    last = line;
    io.stderr(io.isTTY ? `\r${line}\x1b[K` : `${line}\n`);
  };
  const read = () => unwrap<AnyOperation>(client.api.GET('/v1/operations/{id}', { params: { path: { id } } }));
  let wake: () => void = () => {};
  const stream = (async () => {
    try {
      for await (const event of client.watch({ kinds: ['operation'], signal: abort.signal })) {
        if (event.data.operationId === id || (event.data as { id?: string }).id === id) wake();
      }
    } catch {
      // The periodic read below still follows the operation.
    }
  })();
  try {
    for (;;) {
      const op = await read();
      show(op);
      if (FINISHED.has(op.status)) {
        if (io.isTTY) io.stderr('\n');
        if (op.status !== 'succeeded') throw new OperationFailedError(`operation ${id} ${op.status}${op.reason ? `: ${op.reason}` : ''}`);
        return op;
      }
      if (abort.signal.aborted) throw new OperationFailedError(`operation ${id} did not finish within ${Math.round(timeoutMs / 1000)} s (still ${op.status}); follow it with \`ocsctl describe operation ${id}\``);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 2_000);
        wake = () => (clearTimeout(timer), resolve());
        abort.signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
      });
    }
  } finally {
    clearTimeout(deadline);
    abort.abort();
    await stream;
  }
}
