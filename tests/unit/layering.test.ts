import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

/**
 * The layering of DESIGN.md is enforced by Biome: each probe below is written, at its path, into a
 * scratch tree with our biome.json, and linted there. Refused imports must be reported, allowed
 * ones must not.
 */

const refusedProbes: [string, string][] = [
  ['lib/domain/a.ts', "import { getRuntime } from '@/lib/runtime';"],
  ['lib/domain/b.ts', "import { x } from '@/lib/queue/deep/module';"],
  ['lib/domain/c.ts', "import { readFileSync } from 'node:fs';"],
  ['app/api/x/route.ts', "import { getTenantById } from '@/db/queries/tenants';"],
  ['app/sandbox/page.tsx', "import { sim } from '@/lib/simulators/lime/server';"],
  ['lib/sync/contacts.ts', "import { sim } from '@/lib/simulators/bitrix24/server';"],
  ['lib/crm/crm-port.ts', "import { sync } from '@/lib/sync/contacts/push';"],
  ['lib/lime/http-gateway.ts', "import { x } from '@/lib/bonuses/credit';"],
  ['lib/crm/bitrix24/a.ts', "import { AmoClient } from '@/lib/crm/amocrm/client';"],
  ['lib/crm/bitrix24/b.ts', "import { x } from '@/lib/sync/contacts';"],
  ['lib/crm/amocrm/a.ts', "import { B24 } from '@/lib/crm/bitrix24/adapter';"],
  ['lib/crm/amocrm/b.ts', "import { sim } from '@/lib/simulators/amocrm/server';"],
];

const allowedProbes: [string, string][] = [
  ['lib/domain/ok.ts', "import { z } from 'zod';"],
  ['app/api/ok/route.ts', "import { getHealth } from '@/lib/health';"],
  ['lib/sync/ok.ts', "import { getTenantById } from '@/db/queries/tenants';"],
  ['lib/crm/bitrix24/ok.ts', "import { CrmPort } from '@/lib/crm/crm-port';"],
];

const reported = new Set<string>();

beforeAll(() => {
  const root = mkdtempSync(path.join(tmpdir(), 'layering-'));
  const config = JSON.parse(readFileSync('biome.json', 'utf8'));
  delete config.$schema;
  config.vcs = { enabled: false };
  writeFileSync(path.join(root, 'biome.json'), JSON.stringify(config));
  for (const [file, source] of [...refusedProbes, ...allowedProbes]) {
    mkdirSync(path.join(root, path.dirname(file)), { recursive: true });
    writeFileSync(
      path.join(root, file),
      `${source}\nexport const probe = [${source.match(/\{ (\w+) \}/)?.[1]}];\n`,
    );
  }
  const run = spawnSync(
    path.resolve('node_modules', '.bin', 'biome'),
    ['lint', '--colors=off', '--max-diagnostics=1000', '.'],
    {
      cwd: root,
      encoding: 'utf8',
    },
  );
  const output = `${run.stdout}${run.stderr}`;
  for (const match of output.matchAll(/^(\S+):\d+:\d+ lint\/style\/noRestrictedImports/gm)) {
    reported.add((match[1] as string).replace(/^\.\//, ''));
  }
});

describe('layering (Biome noRestrictedImports)', () => {
  it.each(refusedProbes)('refuses in %s: %s', (file) => {
    expect(reported.has(file)).toBe(true);
  });

  it.each(allowedProbes)('allows in %s: %s', (file) => {
    expect(reported.has(file)).toBe(false);
  });
});
