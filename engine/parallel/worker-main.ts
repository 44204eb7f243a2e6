/**
 * The entry module of a parallel worker thread (loaded by worker-boot.mjs): runs the plan copies of
 * any number of jobs side by side (engine/parallel/fragment-runner.ts; each has its own ports and
 * loop) as the main thread asks on its port (PoolMessage): `job` starts one, `stop` ends one.
 */
import { parentPort } from 'node:worker_threads';
import { FragmentRunner } from './fragment-runner.ts';
import { toSqlError } from '../../common/errors.ts';
import type { FromWorker, PoolMessage } from './protocol.ts';

const runners = new Map<number, FragmentRunner>();
parentPort!.on('message', (m: PoolMessage) => {
  switch (m.t) {
    case 'job': {
      let r: FragmentRunner;
      try {
        r = new FragmentRunner(m.init, m.main);
      } catch (e) {
        // Building the copy failed (e.g. a sink writer could not be created): the job fails with it.
        const err = toSqlError(e);
        m.main.postMessage({ t: 'error', code: err.code, message: err.message, detail: err.detail, hint: err.hint } satisfies FromWorker);
        return;
      }
      runners.set(m.id, r);
      r.start();
      return;
    }
    case 'stop':
      runners.get(m.id)?.stop();
      runners.delete(m.id);
      return;
    case 'ping':
      parentPort!.postMessage({ t: 'pong' });
      return;
  }
});
