/**
 * The entry module of a parallel worker thread (loaded by worker-boot.mjs): runs one job's plan copy
 * at a time (engine/parallel/fragment-runner.ts) as the main thread asks on its port (PoolMessage):
 * `job` starts one, `stop` ends it and leaves the worker idle for the next job (worker-pool.ts).
 */
import { parentPort } from 'node:worker_threads';
import { FragmentRunner } from './fragment-runner.ts';
import type { PoolMessage } from './protocol.ts';

let runner: FragmentRunner | undefined;
parentPort!.on('message', (m: PoolMessage) => {
  switch (m.t) {
    case 'job':
      runner?.stop();
      runner = new FragmentRunner(m.init, m.main);
      runner.start();
      return;
    case 'stop':
      runner?.stop();
      runner = undefined;
      return;
    case 'ping':
      parentPort!.postMessage({ t: 'pong' });
      return;
  }
});
