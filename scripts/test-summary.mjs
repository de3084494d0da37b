#!/usr/bin/env node
// Sums the runners' JSON reports into one line: `N passed, N failed`.
// Usage: node scripts/test-summary.mjs <report.json>...   (vitest or Playwright reports)
// A report that is missing or unreadable counts as one failure: a runner that crashed before
// writing it must not look like a green run.
import { readFileSync } from 'node:fs';

export function countReport(file) {
  let report;
  try {
    report = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return { passed: 0, failed: 1, note: `${file}: missing or unreadable report` };
  }
  if (typeof report.numPassedTests === 'number') {
    // vitest: a file that failed to load has no tests but fails the run.
    const failedSuites = (report.testResults ?? []).filter(
      (r) => r.status === 'failed' && (r.assertionResults ?? []).length === 0,
    ).length;
    return { passed: report.numPassedTests, failed: report.numFailedTests + failedSuites };
  }
  if (report.stats && typeof report.stats.expected === 'number') {
    // Playwright: flaky tests passed on retry; errors outside tests (e.g. the web server) fail.
    const errors = (report.errors ?? []).length;
    return { passed: report.stats.expected + report.stats.flaky, failed: report.stats.unexpected + errors };
  }
  return { passed: 0, failed: 1, note: `${file}: not a vitest or Playwright report` };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  let passed = 0;
  let failed = 0;
  for (const file of process.argv.slice(2)) {
    const counts = countReport(file);
    if (counts.note) console.error(counts.note);
    passed += counts.passed;
    failed += counts.failed;
  }
  console.log(`${passed} passed, ${failed} failed`);
}
