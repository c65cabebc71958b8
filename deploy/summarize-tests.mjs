// Prints the plain closing line CI reads ("N passed, N failed, N skipped") from vitest's JSON
// report(s): deploy/test.sh passes the main suite's and, when it ran, test:ha's, summed in one line.
import { readFileSync } from 'node:fs';

const totals = { passed: 0, failed: 0, skipped: 0 };
for (const file of process.argv.slice(2)) {
  try {
    const report = JSON.parse(readFileSync(file, 'utf8'));
    totals.passed += report.numPassedTests;
    totals.failed += report.numFailedTests;
    totals.skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
  } catch (err) {
    console.error(`[test] no report at ${file}: ${err.message}`);
    totals.failed += 1;
    process.exitCode = 1;
  }
}
console.log(`tests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
