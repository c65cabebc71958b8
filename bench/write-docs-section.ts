/**
 * Replaces (or appends) one `## ` section of docs/benchmarks.md with freshly rendered Markdown,
 * leaving every other section alone: what the benchmarks' `--write-docs` flag does.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The repository root, from a bench compiled to dist/<bench>/bench/<name>/ (four levels below). */
export const REPO_ROOT = resolve(__dirname, '../../..');

export function writeDocsSection(heading: string, section: string, root = REPO_ROOT): void {
  const path = join(root, 'docs/benchmarks.md');
  const text = existsSync(path) ? readFileSync(path, 'utf8') : '# Benchmarks\n';
  const start = text.indexOf(heading);
  let next = start < 0 ? -1 : text.indexOf('\n## ', start + heading.length);
  if (next >= 0) next += 1;
  const updated = start < 0 ? `${text.trimEnd()}\n\n${section}\n` : `${text.slice(0, start)}${section}\n${next >= 0 ? `\n${text.slice(next)}` : ''}`;
  writeFileSync(path, updated);
  console.error(`bench: wrote ${path}`);
}
