import { unwrap } from '@lightpath/client';
import type { Command } from 'commander';
import { dump, load } from 'js-yaml';
import type { CliRuntime } from '../cli-runtime';
import { UsageError } from '../exit-codes';
import { followOperation } from '../follow-operation';
import { renderPlanDiff, type PlanBody } from '../plan-diff';

interface IntentFile {
  name?: string;
  intent?: Record<string, unknown>;
  displace?: boolean;
}

/** An intent file: `{name, intent, displace}` or a bare intent (`{kind: ...}`, then --name names it). */
export function readIntentFile(text: string, path: string, name?: string): { name: string; intent: Record<string, unknown>; displace: boolean } {
  let doc: unknown;
  try {
    doc = load(text);
  } catch (err) {
    throw new UsageError(`${path} is not valid YAML or JSON: ${(err as Error).message.split('\n')[0]}`);
  }
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) throw new UsageError(`${path}: expected an object {name, intent} or an intent {kind: ...}`);
  const file = doc as IntentFile & { kind?: unknown };
  const intent = file.intent ?? (file.kind !== undefined ? (doc as Record<string, unknown>) : undefined);
  if (!intent) throw new UsageError(`${path}: intent: missing (give {name, intent: {kind: ...}} or a bare intent)`);
  const topology = name ?? file.name;
  if (!topology) throw new UsageError(`${path}: name: missing (add name: to the file or pass --name)`);
  return { name: topology, intent, displace: file.displace ?? false };
}

export function registerApply(program: Command, rt: CliRuntime): void {
  program
    .command('apply')
    .description('plan a topology intent, print the plan diff, then apply it as a staged operation')
    .requiredOption('-f, --filename <file>', 'intent file (YAML or JSON)')
    .option('--name <topology>', 'topology name (else the file\'s name:)')
    .option('--dry-run', 'print the plan diff only; nothing changes')
    .option('--displace', "allow the plan to remove other owners' circuits (docs/api.md, Circuit owners)")
    .option('--wait', 'follow the operation with a progress bar until it finishes (exit 3 if it fails or rolls back)')
    .option('--timeout <seconds>', 'with --wait: give up after this long (exit 3)', '600')
    .action(async (opts: { filename: string; name?: string; dryRun?: boolean; displace?: boolean; wait?: boolean; timeout: string }, cmd: Command) => {
      let text: string;
      try {
        text = rt.io.readFile(opts.filename);
      } catch (err) {
        throw new UsageError(`-f ${opts.filename}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}`);
      }
      const file = readIntentFile(text, opts.filename, opts.name);
      const { client, settings } = await rt.client(cmd);
      const displace = opts.displace ?? file.displace;
      const path = { params: { path: { name: file.name } } };
      // The diff first, always: a dry run changes nothing (docs/api.md, Topology intents).
      const preview = await unwrap<{ plan: PlanBody }>(client.api.POST('/v1/topologies/{name}', { ...path, body: { intent: file.intent as never, dryRun: true, displace } }));
      const structured = settings.output === 'json' || settings.output === 'yaml';
      if (!structured) rt.io.stdout(renderPlanDiff(file.name, preview.plan));
      if (opts.dryRun) {
        if (structured) rt.io.stdout(settings.output === 'json' ? JSON.stringify(preview, null, 2) + '\n' : dump(preview));
        return;
      }
      const applied = await unwrap<{ plan: PlanBody; operation?: { id: string } }>(client.api.POST('/v1/topologies/{name}', { ...path, body: { intent: file.intent as never, dryRun: false, displace } }));
      if (structured) rt.io.stdout(settings.output === 'json' ? JSON.stringify(applied, null, 2) + '\n' : dump(applied));
      else rt.io.stdout(applied.operation ? `applying: operation ${applied.operation.id}\n` : 'nothing to apply\n');
      if (opts.wait && applied.operation) await followOperation(client, applied.operation.id, rt.io, Number(opts.timeout) * 1000);
    });
}
