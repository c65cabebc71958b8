/**
 * Parses and validates a fabric spec from JSON or YAML text (or an already parsed object).
 *
 * Order: text -> object (JSON.parse when the text starts with `{`, else YAML; YAML errors carry the
 * line) -> zod structural schema -> cross-field checks. All issues of a stage are reported together
 * as TopologySpecError.issues, each with its field path in `fibres[12].port` form.
 *
 * Complexity O(text length + fibres).
 */
import { load, YAMLException } from 'js-yaml';
import { TopologySpecError, type SpecIssue } from '../errors';
import type { FabricSpec } from '../types';
import { checkFabricSpecReferences } from './fabric-spec.checks';
import { fabricSpecSchema } from './fabric-spec.schema';

const WHERE = 'spec/parseFabricSpec';

export interface ParseFabricSpecOptions {
  format?: 'json' | 'yaml';
}

/** `['fibres', 12, 'port']` -> `fibres[12].port`. */
export function formatFieldPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : out === '' ? String(p) : `.${String(p)}`;
  return out === '' ? '(root)' : out;
}

function parseText(text: string, format: 'json' | 'yaml' | undefined): unknown {
  const asJson = format === 'json' || (format === undefined && text.trimStart().startsWith('{'));
  try {
    return asJson ? JSON.parse(text) : load(text);
  } catch (e) {
    const message = e instanceof YAMLException || e instanceof SyntaxError ? e.message : String(e);
    throw new TopologySpecError(WHERE, [{ path: '(root)', message: `not valid ${asJson ? 'JSON' : 'YAML'}: ${message}` }]);
  }
}

export function parseFabricSpec(input: string | unknown, options: ParseFabricSpecOptions = {}): FabricSpec {
  const raw = typeof input === 'string' ? parseText(input, options.format) : input;
  const result = fabricSpecSchema.safeParse(raw);
  if (!result.success) {
    const issues: SpecIssue[] = result.error.issues.map((i) => ({ path: formatFieldPath(i.path), message: i.message }));
    throw new TopologySpecError(WHERE, issues);
  }
  const spec = result.data as FabricSpec;
  const issues = checkFabricSpecReferences(spec);
  if (issues.length > 0) throw new TopologySpecError(WHERE, issues);
  return spec;
}
