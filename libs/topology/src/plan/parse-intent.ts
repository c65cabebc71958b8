/**
 * parseIntent: an untrusted value (parsed JSON or YAML) -> a typed Intent, or every problem with its
 * field path (`links[2].b`, `failure.port`) so a caller fixes them in one pass. O(intent size).
 */
import { TopologySpecError } from '../errors';
import { formatFieldPath } from '../spec/fabric-spec.parser';
import { intentSchema, type Intent } from './intent.schema';

export function parseIntent(value: unknown, where = 'plan/parseIntent'): Intent {
  const r = intentSchema.safeParse(value);
  if (r.success) return r.data;
  throw new TopologySpecError(
    where,
    r.error.issues.map((i) => ({ path: formatFieldPath(i.path), message: i.message })),
    'intent',
  );
}
