import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { envSchema, parseConfig } from '@/lib/config';
import { WORKER_BUNDLE, WORKER_NODE_FLAGS } from '@/scripts/build-worker';
import {
  copiesOf,
  envOf,
  execForm,
  interpolate,
  isIgnored,
  parseDockerfile,
  parseEnvFile,
  parseYaml,
  ROOT,
  readRepoFile,
  runsOf,
  type Stage,
  workdirOf,
} from '../support/deployment-files';

/**
 * The Dockerfile, .dockerignore, docker-compose.example.yml and .env.example, checked without a
 * Docker engine: every COPY has a source, the image runs as a non-root user on the port it
 * exposes, and the compose file starts the image's two entry points with a configuration the app
 * accepts. (tests/pg/deployment-image.test.ts starts those entry points from a real build.)
 */

const stages = parseDockerfile(readRepoFile('Dockerfile'));
const dockerignore = readRepoFile('.dockerignore');
const runtime = stages.at(-1) as Stage;
const ENV_NAMES = Object.keys(envSchema.shape);

type Service = { command?: string[]; image?: string; build?: string; environment?: Record<string, string> };
const compose = parseYaml(readRepoFile('docker-compose.example.yml')) as {
  services: Record<string, Service & Record<string, unknown>>;
  volumes: Record<string, unknown>;
};
const envExample = parseEnvFile(readRepoFile('.env.example'));

/** What a RUN of a stage makes, relative to its WORKDIR, and the command that makes it. */
const PRODUCTS: [product: string, made: RegExp][] = [
  ['node_modules', /\bnpm install\b/],
  ['.next/standalone', /\bnext build\b/],
  ['.next/static', /\bnext build\b/],
  [WORKER_BUNDLE, /\bnpm run build:worker\b/],
];

/** Whether `file` (absolute, in `from`) exists in that stage: made by its RUN, or copied into it. */
function existsInStage(from: Stage, file: string): boolean {
  const relative = path.posix.relative(workdirOf(from), file);
  const product = PRODUCTS.find(([p]) => relative === p || relative.startsWith(`${p}/`));
  if (product) return runsOf(from).some((run) => product[1].test(run));
  return copiesOf(from).some(
    (c) =>
      c.from === null &&
      c.dest.replace(/\/$/, '') === '.' &&
      c.sources.includes('.') &&
      existsSync(path.join(ROOT, relative)) &&
      !isIgnored(relative, dockerignore),
  );
}

describe('Dockerfile', () => {
  it('builds in stages on node:20-bookworm-slim: dependencies, the build, the runtime', () => {
    expect(stages.map((s) => s.name)).toEqual(['deps', 'build', 'runtime']);
    for (const s of stages) expect(s.base).toBe('node:20-bookworm-slim');
  });

  it('copies from the build context only files that exist and that .dockerignore lets in', () => {
    const local = stages.flatMap((s) => copiesOf(s).filter((c) => c.from === null));
    expect(local.length).toBeGreaterThan(0);
    for (const source of local.flatMap((c) => c.sources)) {
      expect(existsSync(path.join(ROOT, source)), source).toBe(true);
      expect(isIgnored(source, dockerignore), source).toBe(false);
    }
  });

  it('copies from an earlier stage only what that stage made or received', () => {
    for (const [index, s] of stages.entries()) {
      for (const copy of copiesOf(s).filter((c) => c.from !== null)) {
        const from = stages.slice(0, index).find((earlier) => earlier.name === copy.from);
        expect(from, `COPY --from=${copy.from} in ${s.name}`).toBeDefined();
        for (const source of copy.sources) {
          expect(existsInStage(from as Stage, source), `${copy.from}:${source}`).toBe(true);
        }
      }
    }
  });

  it('keeps secrets, local data and build output out of the build context', () => {
    for (const file of [
      '.env',
      '.data/pglite',
      'node_modules/next',
      '.next/BUILD_ID',
      '.git/HEAD',
      'key.pem',
    ]) {
      expect(isIgnored(file, dockerignore), file).toBe(true);
    }
    for (const file of [
      'package.json',
      'app/page.tsx',
      'db/migrations/meta/_journal.json',
      'docs/bitrix24.md',
    ]) {
      expect(isIgnored(file, dockerignore), file).toBe(false);
    }
  });

  it('runs as a non-root user, with the migrations, the web and the worker entry points', () => {
    const users = runtime.instructions.filter((i) => i.keyword === 'USER').map((i) => i.args);
    expect(users.length).toBeGreaterThan(0);
    expect(['root', '0', '0:0']).not.toContain(users.at(-1));
    const keywords = runtime.instructions.map((i) => i.keyword);
    expect(keywords.lastIndexOf('USER')).toBeLessThan(keywords.lastIndexOf('CMD'));
    expect(keywords.lastIndexOf('USER')).toBeGreaterThan(keywords.lastIndexOf('RUN'));

    const dests = copiesOf(runtime).map((c) => path.posix.join(workdirOf(runtime), c.dest));
    expect(dests).toContain('/app/db/migrations');
    expect(dests).toContain('/app/web.mjs');
    expect(dests).toContain('/app/worker.mjs');
    const cmd = runtime.instructions.find((i) => i.keyword === 'CMD') as { args: string };
    expect(execForm(cmd.args)).toEqual(['node', 'web.mjs']);
  });

  it('exposes the port it listens on, checks /api/health there, and sets only variables the app knows', () => {
    const env = envOf(runtime);
    const expose = runtime.instructions.find((i) => i.keyword === 'EXPOSE')?.args;
    expect(expose).toBe(env.PORT);
    expect(env.HOST).toBe('0.0.0.0');
    const health = runtime.instructions.find((i) => i.keyword === 'HEALTHCHECK')?.args ?? '';
    expect(execForm(health).join(' ')).toContain('/api/health');
    expect(execForm(health).join(' ')).toContain('process.env.PORT || 3000');
    const runtimeVariables = ['NODE_ENV', 'MALLOC_ARENA_MAX'];
    const appVariables = Object.keys(env).filter(
      (k) => !k.startsWith('NEXT_') && !runtimeVariables.includes(k),
    );
    for (const name of appVariables) expect(ENV_NAMES, name).toContain(name);
    expect(env.DATA_DIR).toBe('/data');
    // glibc's arenas capped, as `npm run load` measures the processes (scripts/load/main.ts).
    expect(env.MALLOC_ARENA_MAX).toBe('2');
    expect(
      runtime.instructions.some((i) => i.keyword === 'RUN' && i.args.includes('chown bridge:bridge /data')),
    ).toBe(true);
  });
});

describe('docker-compose.example.yml', () => {
  const { postgres, web, worker } = compose.services as Record<string, Service & Record<string, unknown>>;
  const filled = {
    ...envExample,
    POSTGRES_PASSWORD: 'a1b2c3d4e5f6',
    APP_ENCRYPTION_KEY: 'ab'.repeat(32),
    NEXTAUTH_SECRET: 'a-secret-of-thirty-two-characters',
  };
  const containerEnv = (service: Service, vars: Record<string, string>) =>
    Object.fromEntries(
      Object.entries(service.environment ?? {}).map(([k, v]) => [k, interpolate(String(v), vars)]),
    );

  it('runs PostgreSQL 16 on a volume, the web and the worker entry points of one image', () => {
    expect(postgres?.image).toBe('postgres:16');
    expect(postgres?.volumes).toEqual(['pgdata:/var/lib/postgresql/data']);
    expect(Object.keys(compose.volumes)).toContain('pgdata');
    expect(web?.build).toBe('.');
    expect(worker?.image).toBe(web?.image);
    expect(web?.command).toEqual(['node', 'web.mjs']);
    expect(worker?.command).toEqual(['node', ...WORKER_NODE_FLAGS, 'worker.mjs']);
    const scripts = (JSON.parse(readRepoFile('package.json')) as { scripts: Record<string, string> }).scripts;
    expect(scripts.worker).toBe(`node ${WORKER_NODE_FLAGS.join(' ')} --import tsx scripts/worker.ts`);
    expect(worker?.healthcheck).toEqual({ disable: true });
  });

  it('publishes the port the image exposes, on loopback for a proxy in front', () => {
    const exposed = runtime.instructions.find((i) => i.keyword === 'EXPOSE')?.args;
    expect(web?.ports).toEqual([`127.0.0.1:3000:${exposed}`]);
  });

  it('gives both processes a configuration the app accepts: PostgreSQL, the shared key, jobs in the worker', () => {
    for (const service of [web, worker] as Service[]) {
      expect(service.environment).toBeDefined();
      for (const name of Object.keys(service.environment ?? {})) expect(ENV_NAMES, name).toContain(name);
      const config = parseConfig({ ...filled, ...containerEnv(service, filled) });
      expect(config.database).toEqual({
        kind: 'postgres',
        url: 'postgres://bridge:a1b2c3d4e5f6@postgres:5432/bridge',
      });
      expect(config.encryptionKey.toString('hex')).toBe('ab'.repeat(32));
      expect(config.worker).toBe('off');
      expect(config.sandbox).toBe(false);
      expect(config.appUrl).toBe('https://bridge.example.com');
    }
  });

  it('refuses to start without the password, the encryption key, the next-auth secret or APP_URL', () => {
    for (const name of ['POSTGRES_PASSWORD', 'APP_ENCRYPTION_KEY', 'NEXTAUTH_SECRET', 'APP_URL']) {
      expect(() => containerEnv(web as Service, { ...filled, [name]: '' }), name).toThrow(name);
    }
  });

  it('.env.example holds no secret and names only variables the app or the database knows', () => {
    for (const name of Object.keys(envExample)) {
      if (!name.startsWith('POSTGRES_')) expect(ENV_NAMES, name).toContain(name);
    }
    for (const secret of [
      'POSTGRES_PASSWORD',
      'APP_ENCRYPTION_KEY',
      'NEXTAUTH_SECRET',
      'B24_CLIENT_SECRET',
    ]) {
      expect(envExample[secret], secret).toBe('');
    }
  });
});
