/**
 * Command-line arguments of `npm run plan` (docs/topology-cli.md), parsed with node:util.
 */
import { parseArgs } from 'node:util';
import { TopologyInvalidArgumentError } from '@lightpath/topology';

export const USAGE = `usage:
  npm run -s plan -- --fabric fabric.yaml --intent intent.json [--current current.json] [--budget-ms 2000] [--full-state] [--compact] [--out plan.json]
  npm run plan -- --generate cube-pod [--cubes 64] [--spare-cubes 0] [--links-per-face 16] [--ports-per-ocs 136] [--format yaml|json]
  npm run plan -- --generate block-fabric [--blocks 64] [--uplinks 512] [--ocs 256] [--ports-per-ocs 136] [--format yaml|json]
  npm run plan -- --schema          (JSON Schema of the fabric spec)
  npm run plan -- --intent-schema   (JSON Schema of the intents)`;

const numeric = ['cubes', 'spare-cubes', 'links-per-face', 'ports-per-ocs', 'blocks', 'uplinks', 'ocs', 'budget-ms'] as const;

export interface CliArgs {
  fabric?: string;
  intent?: string;
  current?: string;
  /** Write the result to this file instead of stdout (npm run prints its banner on stdout). */
  out?: string;
  fullState: boolean;
  compact: boolean;
  generate?: string;
  schema: boolean;
  intentSchema: boolean;
  help: boolean;
  format?: string;
  name?: string;
  sizes: Partial<Record<(typeof numeric)[number], number>>;
}

export function parseCliArgs(argv: string[]): CliArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      strict: true,
      options: {
        fabric: { type: 'string' },
        intent: { type: 'string' },
        current: { type: 'string' },
        out: { type: 'string' },
        'full-state': { type: 'boolean', default: false },
        compact: { type: 'boolean', default: false },
        generate: { type: 'string' },
        schema: { type: 'boolean', default: false },
        'intent-schema': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
        format: { type: 'string' },
        name: { type: 'string' },
        ...Object.fromEntries(numeric.map((k) => [k, { type: 'string' as const }])),
      },
    });
  } catch (e) {
    throw new TopologyInvalidArgumentError('topology-cli/parseCliArgs', `${(e as Error).message}\n${USAGE}`);
  }
  const v = parsed.values as Record<string, string | boolean | undefined>;
  const sizes: CliArgs['sizes'] = {};
  for (const k of numeric) {
    if (v[k] === undefined) continue;
    const n = Number(v[k]);
    if (!Number.isInteger(n) || n < 0) throw new TopologyInvalidArgumentError('topology-cli/parseCliArgs', `--${k} must be a non-negative integer, got "${v[k]}"`);
    sizes[k] = n;
  }
  return {
    fabric: v.fabric as string | undefined,
    intent: v.intent as string | undefined,
    current: v.current as string | undefined,
    out: v.out as string | undefined,
    fullState: v['full-state'] === true,
    compact: v.compact === true,
    generate: v.generate as string | undefined,
    schema: v.schema === true,
    intentSchema: v['intent-schema'] === true,
    help: v.help === true,
    format: v.format as string | undefined,
    name: v.name as string | undefined,
    sizes,
  };
}
