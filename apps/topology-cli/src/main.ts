#!/usr/bin/env node
/**
 * lightpath offline planner: `npm run plan -- --fabric fabric.yaml --intent intent.json [--current current.json]`.
 * Reads files, prints the verified plan as JSON; no server, no network (docs/topology-cli.md).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { runCli } from './run-cli';

void runCli(process.argv.slice(2), {
  readFile: (path) => readFileSync(path, 'utf8'),
  writeFile: (path, text) => writeFileSync(path, text),
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
}).then((code) => {
  process.exitCode = code;
});
