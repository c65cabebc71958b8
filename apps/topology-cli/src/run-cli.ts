/**
 * The CLI as a function: arguments and a file reader in, text and an exit code out, so tests run it
 * in-process and main.ts is only the process wiring.
 *
 * Exit codes: 0 plan printed and verified; 1 bad input or an infeasible intent (a JSON error object
 * on stderr: kind, rule, message, issues); 3 the plan was printed but the verifier found violations
 * (a bug: report it).
 */
import { load } from 'js-yaml';
import { z } from 'zod';
import {
  fabricSpecJsonSchema,
  intentJsonSchema,
  parseFabricSpec,
  parseIntent,
  planIntent,
  TopologyError,
  TopologyInfeasibleError,
  TopologyInvalidArgumentError,
  TopologySpecError,
  type CrossConnect,
} from '@lightpath/topology';
import { parseCliArgs, USAGE } from './cli-args';
import { crossConnectListSchema } from './current.schema';
import { generateSpec, renderSpec } from './generate.command';

export interface CliIo {
  readFile(path: string): string;
  writeFile(path: string, text: string): void;
  stdout(text: string): void;
  stderr(text: string): void;
}

function parseDocument(text: string, what: string): unknown {
  try {
    return text.trimStart().startsWith('{') || text.trimStart().startsWith('[') ? JSON.parse(text) : load(text);
  } catch (e) {
    throw new TopologyInvalidArgumentError('topology-cli/read', `${what} is not valid JSON or YAML: ${(e as Error).message}`);
  }
}

function validate<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const issues = r.error.issues.map((i) => ({ path: i.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('').replace(/^\./, '') || '(root)', message: i.message }));
  throw new TopologySpecError(`topology-cli/${what}`, issues, what);
}

/** A file named on the command line, read or written; a failure is the caller's input, named by its flag. */
function fileIo<T>(flag: string, path: string, op: () => T): T {
  try {
    return op();
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new TopologyInvalidArgumentError('topology-cli/files', `${flag} ${path}: ${code === 'ENOENT' ? 'no such file or directory' : (e as Error).message}; check the path`, 'file-unreadable');
  }
}

/** Every error report has a `kind`: the library's kinds, or `internal` for anything else (a bug: report it). */
function errorReport(e: unknown): Record<string, unknown> {
  if (e instanceof TopologyError) {
    return {
      error: e.name,
      kind: e.kind,
      ...(e instanceof TopologyInfeasibleError || (e instanceof TopologyInvalidArgumentError && e.rule) ? { rule: e.rule } : {}),
      message: e.message,
      ...(e instanceof TopologySpecError ? { issues: e.issues } : {}),
    };
  }
  return { error: 'InternalError', kind: 'internal', message: e instanceof Error ? e.message : String(e) };
}

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  try {
    const a = parseCliArgs(argv);
    const out_ = a.out;
    const emit = (text: string) => (out_ ? fileIo('--out', out_, () => io.writeFile(out_, text)) : io.stdout(text));
    const out = (value: unknown) => emit(`${JSON.stringify(value, null, a.compact ? undefined : 2)}\n`);
    if (a.help) {
      io.stdout(`${USAGE}\n`);
      return 0;
    }
    if (a.schema) {
      out(fabricSpecJsonSchema());
      return 0;
    }
    if (a.intentSchema) {
      out(intentJsonSchema());
      return 0;
    }
    if (a.generate) {
      const s = a.sizes;
      const spec = generateSpec({
        kind: a.generate,
        cubes: s.cubes,
        spareCubes: s['spare-cubes'],
        linksPerFace: s['links-per-face'],
        portsPerOcs: s['ports-per-ocs'],
        blocks: s.blocks,
        uplinks: s.uplinks,
        ocs: s.ocs,
        name: a.name,
      });
      emit(renderSpec(spec, a.format ?? 'yaml'));
      return 0;
    }
    if (!a.fabric || !a.intent) throw new TopologyInvalidArgumentError('topology-cli/main', `--fabric and --intent are required\n${USAGE}`);
    const { fabric, intent: intentFile, current: currentFile } = a;
    const spec = parseFabricSpec(fileIo('--fabric', fabric, () => io.readFile(fabric)));
    let intent = parseIntent(parseDocument(fileIo('--intent', intentFile, () => io.readFile(intentFile)), 'intent'), 'topology-cli/intent');
    // --budget-ms: the rewiring's time budget, for mesh and rewire intents (offline may spend seconds).
    const budget = a.sizes['budget-ms'];
    if (budget !== undefined) {
      if (intent.kind !== 'mesh' && intent.kind !== 'rewire') throw new TopologyInvalidArgumentError('topology-cli/main', `--budget-ms applies to mesh and rewire intents, not ${intent.kind}`);
      intent = parseIntent({ ...intent, budgetMs: budget }, 'topology-cli/--budget-ms');
    }
    let current: CrossConnect[] = [];
    if (currentFile) {
      const c = validate(crossConnectListSchema, parseDocument(fileIo('--current', currentFile, () => io.readFile(currentFile)), 'current'), 'current');
      current = Array.isArray(c) ? c : c.crossConnects;
    }
    const plan = await planIntent(spec, intent, current, { fullState: a.fullState });
    out(plan);
    if (plan.violations.length > 0) {
      io.stderr(`topology-cli: the plan has ${plan.violations.length} verifier violation(s); it must not be applied\n`);
      return 3;
    }
    return 0;
  } catch (e) {
    io.stderr(`${JSON.stringify(errorReport(e), null, 2)}\n`);
    return 1;
  }
}
