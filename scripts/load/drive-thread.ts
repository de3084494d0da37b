import { monitorEventLoopDelay } from 'node:perf_hooks';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { type DriveParams, type DriveResult, drive } from './drive';

/**
 * Runs `drive` on a thread of its own. The load's simulators answer the worker's calls on the main
 * thread; a request's time is measured from its write to its answer, so an answer that waits for
 * the simulators' turn on a shared event loop would count their work as the server's.
 */

interface ThreadResult {
  statuses: [number, number][];
  latencies: number[];
  errors: number;
  seconds: number;
  loopDelayP99Ms: number;
}

export async function driveInThread(params: DriveParams): Promise<DriveResult & { loopDelayP99Ms: number }> {
  const requests = params.requests.map(({ method, path, headers, body }) => ({
    method,
    path,
    headers,
    body,
  }));
  // A .ts module: the thread registers tsx before loading it (a worker's entry file is loaded before
  // any --import of its execArgv applies).
  const load = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(import.meta.url)}); })`;
  const worker = new Worker(load, { eval: true, workerData: { ...params, requests } });
  const result = await new Promise<ThreadResult>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the load's driver thread exited with ${code}`)));
  });
  await worker.terminate();
  return { ...result, statuses: new Map(result.statuses) };
}

if (!isMainThread && parentPort) {
  const params = workerData as DriveParams;
  const loopDelay = monitorEventLoopDelay({ resolution: 10 });
  loopDelay.enable();
  const result = await drive(params);
  loopDelay.disable();
  const message: ThreadResult = {
    ...result,
    statuses: [...result.statuses],
    loopDelayP99Ms: Math.round(loopDelay.percentile(99) / 1e5) / 10,
  };
  parentPort.postMessage(message);
}
