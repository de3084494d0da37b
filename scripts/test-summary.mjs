#!/usr/bin/env node
// Sums the runners' JSON reports into one line: `N passed, N failed`, after a line per failed test
// (`failed: <file> > <name>`, then the first lines of its error, indented), so the end of a long CI
// log says what failed and why.
// Usage: node scripts/test-summary.mjs <report.json>...   (vitest or Playwright reports)
// A report that is missing or unreadable counts as one failure: a runner that crashed before
// writing it must not look like a green run.
import { readFileSync } from 'node:fs';
import path from 'node:path';

export function countReport(file) {
  let report;
  try {
    report = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return { passed: 0, failed: 1, note: `${file}: missing or unreadable report` };
  }
  if (typeof report.numPassedTests === 'number') {
    // vitest: a file that failed to load has no tests but fails the run.
    const results = report.testResults ?? [];
    const brokenFiles = results.filter(
      (r) => r.status === 'failed' && (r.assertionResults ?? []).length === 0,
    );
    const failures = [
      ...brokenFiles.map((r) => `${r.name} (did not load)`),
      ...results.flatMap((r) =>
        (r.assertionResults ?? [])
          .filter((a) => a.status === 'failed')
          .map((a) => withReason(`${r.name} > ${a.fullName}`, a.failureMessages?.[0])),
      ),
    ];
    return { passed: report.numPassedTests, failed: report.numFailedTests + brokenFiles.length, failures };
  }
  if (report.stats && typeof report.stats.expected === 'number') {
    // Playwright: flaky tests passed on retry; errors outside tests (e.g. the web server) fail.
    const errors = report.errors ?? [];
    const failures = [
      ...playwrightSpecs(report.suites ?? [])
        .filter((spec) => (spec.tests ?? []).some((t) => t.status === 'unexpected'))
        .map((spec) => withReason(`${spec.file} > ${spec.title}`, playwrightError(spec), PLAYWRIGHT_LINES)),
      ...errors.map((e) => `outside a test: ${String(e.message ?? '').split('\n')[0]}`),
    ];
    return {
      passed: report.stats.expected + report.stats.flaky,
      failed: report.stats.unexpected + errors.length,
      failures,
    };
  }
  return { passed: 0, failed: 1, note: `${file}: not a vitest or Playwright report` };
}

const REASON_LINES = 6;
const PLAYWRIGHT_LINES = 24;

/** The name, then the error's first lines (colours stripped) indented under it. */
function withReason(name, message, maxLines = REASON_LINES) {
  if (!message) return name;
  const lines = String(message)
    // biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI colour codes
    .replace(/\u001b\[[0-9;]*m/g, '')
    .split('\n')
    .map((line) => line.trimEnd())
    .filter((line) => line.trim() !== '')
    .slice(0, maxLines)
    .map((line) => `    ${line.slice(0, 240)}`);
  return [name, ...lines].join('\n');
}

/**
 * A failed Playwright result's errors, each with where it stopped (a timeout's first error says only
 * "Test timeout exceeded"; the next names the step that was waiting), then the first lines of the
 * page snapshot Playwright saved (what the page showed when it failed).
 */
function playwrightError(spec) {
  for (const test of spec.tests ?? []) {
    for (const result of test.results ?? []) {
      const errors = result.errors?.length ? result.errors : result.error ? [result.error] : [];
      if (errors.length === 0) continue;
      const lines = errors.flatMap((error) => {
        const first = String(error.message ?? '')
          .split('\n')
          .filter((l) => l.trim() !== '')
          .slice(0, 3);
        const at = error.location ? [`at ${path.basename(error.location.file)}:${error.location.line}`] : [];
        return [...first, ...at];
      });
      return [...lines, ...pageSnapshot(result)].join('\n');
    }
  }
  return undefined;
}

const SNAPSHOT_LINES = 12;

function pageSnapshot(result) {
  const context = (result.attachments ?? []).find((a) => a.name === 'error-context' && a.path);
  if (!context) return [];
  try {
    const text = readFileSync(context.path, 'utf8');
    const lines = text.split('\n').filter((l) => /^\s*- /.test(l));
    return lines.length ? ['page snapshot:', ...lines.slice(0, SNAPSHOT_LINES)] : [];
  } catch {
    return [];
  }
}

function playwrightSpecs(suites) {
  return suites.flatMap((suite) => [...(suite.specs ?? []), ...playwrightSpecs(suite.suites ?? [])]);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  let passed = 0;
  let failed = 0;
  for (const file of process.argv.slice(2)) {
    const counts = countReport(file);
    if (counts.note) console.error(counts.note);
    for (const name of counts.failures ?? []) console.log(`failed: ${name}`);
    passed += counts.passed;
    failed += counts.failed;
  }
  console.log(`${passed} passed, ${failed} failed`);
}
