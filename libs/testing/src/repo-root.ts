import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/** The repository root, found from here whether this runs from source (tests) or from dist/ (benchmarks). */
export function repoRoot(from: string): string {
  let dir = from;
  while (!existsSync(resolve(dir, 'package-lock.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error(`testing/repo-root: no package-lock.json above ${from}`);
    dir = up;
  }
  return dir;
}
