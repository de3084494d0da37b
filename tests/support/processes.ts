import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '..', '..');

export interface Spawned {
  child: ChildProcess;
  output(): string;
  waitForLine(pattern: RegExp, timeoutMs?: number): Promise<string>;
  exited: Promise<number | null>;
}

/**
 * Spawns a TypeScript entry point (with the repo's path aliases) as ONE node process, so a signal
 * sent to it reaches the code itself (the tsx CLI would run it in a child process).
 */
export function spawnTs(
  entry: string,
  env: Record<string, string | undefined>,
  args: string[] = [],
): Spawned {
  return spawnProcess(process.execPath, ['--import', 'tsx', path.join(ROOT, entry), ...args], env);
}

export function spawnProcess(
  command: string,
  args: string[],
  env: Record<string, string | undefined>,
  options: { cwd?: string; uid?: number; gid?: number } = {},
): Spawned {
  const child = spawn(command, args, {
    cwd: ROOT,
    ...options,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const waiters: (() => void)[] = [];
  const onData = (chunk: Buffer) => {
    out += chunk.toString();
    for (const w of waiters.splice(0)) w();
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  const exited = new Promise<number | null>((resolve) =>
    child.on('exit', (code) => {
      for (const w of waiters.splice(0)) w();
      resolve(code);
    }),
  );
  return {
    child,
    output: () => out,
    exited,
    async waitForLine(pattern, timeoutMs = 60_000) {
      const until = Date.now() + timeoutMs;
      for (;;) {
        const line = out.split('\n').find((l) => pattern.test(l));
        if (line) return line;
        if (child.exitCode !== null || child.signalCode !== null) {
          throw new Error(`process exited before printing ${pattern}:\n${out}`);
        }
        if (Date.now() > until) throw new Error(`timed out waiting for ${pattern}:\n${out}`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 250);
        });
      }
    },
  };
}

/** A TCP port free on 127.0.0.1 right now. */
export async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

export const NEXT_BIN = path.join(ROOT, 'node_modules', 'next', 'dist', 'bin', 'next');

/** `next start` of the production build (run `next build` first), as one process. */
export function nextStart(port: number, env: Record<string, string | undefined>): Spawned {
  return spawnProcess(process.execPath, [NEXT_BIN, 'start', '-H', '127.0.0.1', '-p', String(port)], {
    NEXT_MANUAL_SIG_HANDLE: '1',
    NEXT_TELEMETRY_DISABLED: '1',
    LOG_LEVEL: 'info',
    ...env,
  });
}

/** Polls until `condition` holds; after `timeoutMs`, fails naming `what` (and `state()`, if given). */
export async function waitUntil(
  condition: () => Promise<boolean>,
  options: { timeoutMs: number; what: string; everyMs?: number; state?: () => Promise<unknown> },
): Promise<void> {
  const until = Date.now() + options.timeoutMs;
  while (!(await condition())) {
    if (Date.now() > until) {
      const state = options.state ? `: ${JSON.stringify(await options.state())}` : '';
      throw new Error(`timed out waiting for ${options.what}${state}`);
    }
    await new Promise((r) => setTimeout(r, options.everyMs ?? 200));
  }
}

/**
 * The worker processes of a kill test: each started from `entry` with the test's environment (read
 * when it starts: the database exists by then), all SIGKILLed when the test ends.
 */
export function killableWorkers(entry: string, env: () => Record<string, string | undefined>) {
  const spawned: Spawned[] = [];
  return {
    start(): Spawned {
      const worker = spawnTs(entry, env());
      spawned.push(worker);
      return worker;
    },
    killAll(): void {
      for (const w of spawned) w.child.kill('SIGKILL');
    },
  };
}
