/**
 * The process's parallel worker threads, kept between jobs (as Flink's TaskManager slots outlive the
 * jobs they run): starting a worker costs most of a second (the TypeScript loader and the engine's
 * modules), so a job takes idle workers and gives them back when it ends. A worker runs one job at a
 * time; one that failed or exited is not reused. Idle workers are unref'd, so they never keep the
 * process alive. `prewarm(n)` starts workers ahead of the first job (server `--parallelism N`).
 */
import { Worker } from 'node:worker_threads';

const BOOT = new URL('./worker-boot.mjs', import.meta.url);
const ENTRY = new URL('./worker-main.ts', import.meta.url).href;

const idle: Worker[] = [];
let started = 0;

function spawn(): Worker {
  const w = new Worker(BOOT, { workerData: { entry: ENTRY }, name: `strom-worker-${started++}` });
  // A worker that dies while idle simply leaves the pool.
  w.on('exit', () => {
    const i = idle.indexOf(w);
    if (i >= 0) idle.splice(i, 1);
  });
  w.on('error', () => {});
  w.unref();
  return w;
}

/** `n` workers for one job (idle ones first, new ones for the rest); referenced while the job runs. */
export function acquireWorkers(n: number): Worker[] {
  const out: Worker[] = [];
  while (out.length < n && idle.length > 0) out.push(idle.pop()!);
  while (out.length < n) out.push(spawn());
  for (const w of out) w.ref();
  return out;
}

/** Gives a worker back after its job: kept when `reusable`, else terminated. */
export function releaseWorker(w: Worker, reusable: boolean): void {
  if (!reusable) {
    void w.terminate();
    return;
  }
  w.unref();
  idle.push(w);
}

/** Starts idle workers until at least `n` are idle. */
export function prewarm(n: number): void {
  while (idle.length < n) idle.push(spawn());
}

/** Resolves when every idle worker has loaded its modules (for benchmarks that exclude start-up). */
export async function poolReady(): Promise<void> {
  await Promise.all(
    idle.map(
      (w) =>
        new Promise<void>((resolve) => {
          const ch = (m: unknown) => {
            if ((m as { t?: string }).t === 'pong') {
              w.off('message', ch);
              resolve();
            }
          };
          w.on('message', ch);
          w.postMessage({ t: 'ping' });
        }),
    ),
  );
}

/** Terminates every idle worker (shutdown). */
export async function closePool(): Promise<void> {
  await Promise.all(idle.splice(0).map((w) => w.terminate()));
}
