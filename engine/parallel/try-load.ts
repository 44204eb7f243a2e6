import { parentPort } from 'node:worker_threads';
const t = performance.now();
await import('./fragment-runner.ts');
parentPort!.postMessage(performance.now() - t);
