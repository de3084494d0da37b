import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs script without types, run by CI as it is
import { countReport } from '../../scripts/test-summary.mjs';

/** CI's last lines come from these counts: a failure must be counted and named, never lost. */

const dir = mkdtempSync(path.join(tmpdir(), 'summary-'));
function report(name: string, body: unknown): string {
  const file = path.join(dir, name);
  writeFileSync(file, JSON.stringify(body));
  return file;
}

describe('test summary', () => {
  it('counts and names vitest failures, a file that did not load included', () => {
    const file = report('vitest.json', {
      numPassedTests: 3,
      numFailedTests: 1,
      testResults: [
        {
          name: '/r/a.test.ts',
          status: 'failed',
          assertionResults: [
            {
              status: 'failed',
              fullName: 'x does y',
              failureMessages: [
                '\u001b[31mAssertionError: expected 1 to be 2\u001b[39m\n\n    at a.test.ts:3',
              ],
            },
          ],
        },
        { name: '/r/b.test.ts', status: 'failed', assertionResults: [] },
      ],
    });
    expect(countReport(file)).toEqual({
      passed: 3,
      failed: 2,
      failures: [
        '/r/b.test.ts (did not load)',
        '/r/a.test.ts > x does y\n    AssertionError: expected 1 to be 2\n        at a.test.ts:3',
      ],
    });
  });

  it('counts a flaky Playwright test as passed and names the unexpected ones and errors outside tests', () => {
    const file = report('playwright.json', {
      stats: { expected: 2, flaky: 1, unexpected: 1 },
      errors: [{ message: 'web server exited\nstack' }],
      suites: [
        {
          specs: [{ file: 'a.spec.ts', title: 'fine', tests: [{ status: 'expected' }] }],
          suites: [
            {
              specs: [
                {
                  file: 'a.spec.ts',
                  title: 'walks',
                  tests: [
                    { status: 'unexpected', results: [{ error: { message: 'Timeout 30000ms exceeded.' } }] },
                  ],
                },
              ],
            },
          ],
        },
      ],
    });
    expect(countReport(file)).toEqual({
      passed: 3,
      failed: 2,
      failures: ['a.spec.ts > walks\n    Timeout 30000ms exceeded.', 'outside a test: web server exited'],
    });
  });

  it('names every error of a timed-out Playwright test with where it waited, then the page snapshot', () => {
    const snapshot = path.join(dir, 'error-context.md');
    writeFileSync(
      snapshot,
      '# Page snapshot\n\n```yaml\n- generic [ref=e1]:\n  - iframe [ref=e2]:\n    - generic: 403 Forbidden\n```\n',
    );
    const file = report('playwright-timeout.json', {
      stats: { expected: 0, flaky: 0, unexpected: 1 },
      suites: [
        {
          specs: [
            {
              file: 'w.spec.ts',
              title: 'opens',
              tests: [
                {
                  status: 'unexpected',
                  results: [
                    {
                      errors: [
                        { message: 'Test timeout of 30000ms exceeded.' },
                        {
                          message: 'Error: expect(locator).toHaveAttribute(expected) failed\n\nLocator: main',
                          location: { file: '/r/tests/e2e/w.spec.ts', line: 41, column: 9 },
                        },
                      ],
                      attachments: [{ name: 'error-context', path: snapshot, contentType: 'text/markdown' }],
                    },
                  ],
                },
              ],
            },
          ],
        },
      ],
    });
    expect(countReport(file).failures).toEqual([
      [
        'w.spec.ts > opens',
        '    Test timeout of 30000ms exceeded.',
        '    Error: expect(locator).toHaveAttribute(expected) failed',
        '    Locator: main',
        '    at w.spec.ts:41',
        '    page snapshot:',
        '    - generic [ref=e1]:',
        '      - iframe [ref=e2]:',
        '        - generic: 403 Forbidden',
      ].join('\n'),
    ]);
  });

  it('counts a missing report as one failure', () => {
    expect(countReport(path.join(dir, 'absent.json'))).toMatchObject({ passed: 0, failed: 1 });
  });
});
