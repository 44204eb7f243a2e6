import { describe, expect, it } from 'vitest';
import type { StreamMessage } from '../executor/operators/operator.ts';
import { Job } from './job.ts';
import type { JobDag, JobSource } from './job.ts';

/** A pulled source that counts its pumps and forwards barriers to `onBarrier`. */
function countingSource(onBarrier: (m: StreamMessage) => void) {
  const s = {
    pumps: 0,
    passive: false,
    start: () => {},
    pump: () => {
      s.pumps++;
      return 'more' as const;
    },
    inject: onBarrier,
    close: () => {},
  };
  return s;
}

const info = { id: 'j1', statement: 'test', kind: 'insert' as const, target: 't', status: 'RUNNING' as const, startedAt: 0, endedAt: undefined, error: undefined };
const tick = () => new Promise((r) => setTimeout(r, 30));

describe('Job with asynchronous operators', () => {
  it('stops pumping sources while an operator is saturated and resumes when it drains', async () => {
    let job!: Job;
    const src = countingSource(() => {});
    const dag: JobDag = { sources: [src as JobSource], operators: [], reads: new Set() };
    job = new Job(info, dag);
    job.start();
    await tick();
    expect(src.pumps).toBeGreaterThan(0);
    const op = {};
    job.setSaturated(op, true);
    await tick();
    const paused = src.pumps;
    await tick();
    expect(src.pumps).toBe(paused);
    job.setSaturated(op, false);
    await tick();
    expect(src.pumps).toBeGreaterThan(paused);
    job.cancel();
  });

  it('FLUSH resolves when the barrier reaches the root, and at once when the job ends', async () => {
    let held: StreamMessage | undefined;
    const src = countingSource((m) => (held = m));
    const dag: JobDag = { sources: [src as JobSource], operators: [], reads: new Set(), reportsBarriers: true };
    const job = new Job(info, dag);
    job.start();
    let done = false;
    const p = job.flush().then(() => (done = true));
    await tick();
    expect(done).toBe(false);
    job.barrierReached((held as { id: number }).id);
    await p;
    expect(done).toBe(true);
    const q = job.flush();
    job.cancel();
    await q;
  });
});
