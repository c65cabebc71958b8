#!/usr/bin/env node
// Feature folders must not import each other both ways (house rules 3 and 10): madge catches
// cycles between files, not between folders (auth/x imports config/y while config/z imports auth/w
// is no file cycle, but the two features can no longer be understood or moved apart).
// Reads every non-test .ts file under apps/*/src, resolves its relative imports to the folder
// they land in, and lists each pair of folders that import each other. Exit code 1 if any.
// Usage: node deploy/check-folder-cycles.mjs [app-src-dir ...]   (default: every apps/*/src)
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

const root = resolve(dirname(new URL(import.meta.url).pathname), '..');
const roots = process.argv.length > 2 ? process.argv.slice(2).map((d) => resolve(d)) : readdirSync(join(root, 'apps')).map((a) => join(root, 'apps', a, 'src'));

const isTest = (f) => /\.(spec|test)\.ts$/.test(f);
function* tsFiles(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* tsFiles(path);
    else if (path.endsWith('.ts') && !isTest(path)) yield path;
  }
}

/** The top folder of `file` under `src` ('.' for files at the top, e.g. main.ts and the root module). */
const folderOf = (src, file) => {
  const rel = relative(src, file);
  return rel.includes(sep) ? rel.split(sep)[0] : '.';
};

let found = 0;
for (const src of roots) {
  const edges = new Map();
  for (const file of tsFiles(src)) {
    const from = folderOf(src, file);
    for (const [, spec] of readFileSync(file, 'utf8').matchAll(/(?:^|\n)\s*(?:import|export)[^'"]*?from\s+['"](\.[^'"]+)['"]/g)) {
      const to = folderOf(src, resolve(dirname(file), spec));
      if (to === from || to.startsWith('..')) continue;
      if (!edges.has(from)) edges.set(from, new Map());
      edges.get(from).set(to, `${relative(root, file)} -> ${spec}`);
    }
  }
  for (const [a, outs] of edges) {
    for (const [b, why] of outs) {
      // The root module and main wire every feature; features importing the root's tokens is expected.
      if (a === '.' || b === '.' || a > b) continue;
      const back = edges.get(b)?.get(a);
      if (!back) continue;
      found++;
      console.log(`${relative(root, src)}: ${a} <-> ${b}\n  ${why}\n  ${back}`);
    }
  }
}
if (found > 0) {
  console.log(`${found} pair(s) of folders import each other: move the shared piece to the folder that owns it (or to a library)`);
  process.exit(1);
}
console.log('no two folders import each other');
