// The file a parallel worker thread starts with (engine/parallel/worker-group.ts). Strom runs from
// TypeScript sources through tsx, whose loader does not carry over into worker threads: register it
// here, then load the worker's entry module (workerData.entry, worker-main.ts).
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
