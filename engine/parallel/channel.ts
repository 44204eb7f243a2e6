/**
 * Credit-based flow control on one port between threads (Flink's credit-based network stack, reduced
 * to a count): a sender counts the batches it posted that the receiver has not acknowledged yet; a
 * worker stops pumping its sources while any of its channels has more than MAX_IN_FLIGHT of them,
 * so a slow consumer bounds the memory a fast producer can fill. Control messages (barriers,
 * watermarks) and acks are never held back, and a worker always handles what it receives, so two
 * workers waiting on each other's acks still make progress.
 */
import type { MessagePort } from 'node:worker_threads';

/** Batches a channel may have unacknowledged before its sender pauses its sources. */
export const MAX_IN_FLIGHT = 8;
/** A receiver acknowledges in groups of this many batches (fewer messages). */
export const ACK_EVERY = 2;

/** Something a message can be posted to: a MessagePort or a Worker. */
export interface PostTarget {
  postMessage(value: unknown, transferList?: readonly (ArrayBuffer | MessagePort)[]): void;
}

/** The sending side of a channel: posts messages and counts unacknowledged batches. */
export class SendChannel {
  private inFlight = 0;
  constructor(private readonly target: PostTarget) {}

  /** Posts a batch message (counted) with its transfer list. */
  sendBatch(msg: unknown, transfer: ArrayBuffer[]): void {
    this.inFlight++;
    this.target.postMessage(msg, transfer);
  }
  /** Posts a message that is not counted (control, ack). */
  send(msg: unknown): void {
    this.target.postMessage(msg);
  }
  /** The receiver acknowledged `n` batches. */
  acked(n: number): void {
    this.inFlight -= n;
  }
  /** True while the receiver is more than MAX_IN_FLIGHT batches behind. */
  get full(): boolean {
    return this.inFlight > MAX_IN_FLIGHT;
  }
}

/** The receiving side's acknowledgements: `received()` after handling each batch. */
export class AckCounter {
  private pending = 0;
  constructor(private readonly target: PostTarget) {}

  received(): void {
    if (++this.pending >= ACK_EVERY) this.flush();
  }
  /** Acknowledges what is pending now (called when the receiver runs out of messages). */
  flush(): void {
    if (this.pending === 0) return;
    this.target.postMessage({ t: 'ack', n: this.pending });
    this.pending = 0;
  }
}
