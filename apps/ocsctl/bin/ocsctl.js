#!/usr/bin/env node
// The `ocsctl` command (package.json "bin"): runs the compiled CLI. `npm run build:ocsctl` compiles it
// (npm test and npm run demo do so as well).
'use strict';
const { existsSync } = require('node:fs');
const { resolve } = require('node:path');

const main = resolve(__dirname, '../../../dist/ocsctl/apps/ocsctl/src/main.js');
if (!existsSync(main)) {
  process.stderr.write('ocsctl is not built yet: run `npm run build:ocsctl` in the lightpath repository\n');
  process.exit(2);
}
require(main);
