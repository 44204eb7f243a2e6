/**
 * The process's parallel worker threads, shared by every parallel job and kept between jobs (as
 * Flink's TaskManagers outlive the jobs they run): starting a worker costs most of a second (the
 * TypeScript loader and the engine's modules), and a server may maintain many parallel views, so the
 * pool holds as many threads as the largest parallelism asked for, and a job with parallelism N runs
 * one plan copy on each of workers 0 … N-1 beside other jobs' copies. A worker that crashed is
 * terminated and replaced. Workers no job uses are unref'd, so they never keep the process alive.
 * `prewarm(n)` starts workers ahead of the first job (server `--parallelism N`).
 */
import { Worker } from 'node:worker_threads';

const BOOT = new URL('./worker-boot.mjs', import.meta.url);
const ENTRY = new URL('./worker-main.ts', import.meta.url).href;

/** The pool's workers; a job with parallelism N runs on the first N. */
const workers: Worker[] = [];
/** Jobs running on each worker (a worker is ref'd while it has any). */
const users = new Map<Worker, number>();

function spawn(): Worker {
  const w = new Worker(BOOT, { workerData: { entry: ENTRY }, name: `strom-worker-${workers.length}` });
  w.setMaxListeners(0);
  // A worker that dies leaves the pool; the jobs on it fail (worker-group.ts listens too).
  w.on('exit', () => forget(w));
  w.on('error', () => {});
  w.unref();
  users.set(w, 0);
  return w;
}

function forget(w: Worker): void {
  const i = workers.indexOf(w);
  if (i >= 0) workers.splice(i, 1);
  users.delete(w);
}

/** Workers 0 … n-1 of the pool for one job (started as needed); referenced while the job runs. */
export function acquireWorkers(n: number): Worker[] {
  while (workers.length < n) workers.push(spawn());
  const out = workers.slice(0, n);
  for (const w of out) {
    users.set(w, (users.get(w) ?? 0) + 1);
    w.ref();
  }
  return out;
}

/** A job is done with `w`: unref'd when no job uses it; terminated (and replaced later) when `broken`. */
export function releaseWorker(w: Worker, broken: boolean): void {
  if (broken) {
    forget(w);
    void w.terminate();
    return;
  }
  const left = (users.get(w) ?? 1) - 1;
  users.set(w, left);
  if (left === 0) w.unref();
}

/** Starts workers until the pool has at least `n`. */
export function prewarm(n: number): void {
  while (workers.length < n) workers.push(spawn());
}

/** Resolves when every worker has loaded its modules (for benchmarks that exclude start-up). */
export async function poolReady(): Promise<void> {
  await Promise.all(
    workers.map(
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

/** Terminates every worker (shutdown). */
export async function closePool(): Promise<void> {
  const all = workers.splice(0);
  users.clear();
  await Promise.all(all.map((w) => w.terminate()));
}
