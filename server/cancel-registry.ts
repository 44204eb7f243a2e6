/**
 * Which connection a CancelRequest targets (PostgreSQL docs §55.2.7 "Canceling Requests in
 * Progress"): connections register their BackendKeyData (pid, secret); a CancelRequest quoting a
 * registered pair cancels that connection's running statement. A wrong pair is ignored silently.
 */

/** Something that can cancel its current statement. */
export interface Cancelable {
  cancel(): void;
}

/** Maps (pid, secret) to the connection that announced them. */
export class CancelRegistry {
  private readonly entries = new Map<string, Cancelable>();

  private static key(pid: number, secret: number): string {
    return `${pid}:${secret}`;
  }

  /** Registers a connection's key; returns a function that unregisters it. */
  register(pid: number, secret: number, target: Cancelable): () => void {
    const k = CancelRegistry.key(pid, secret);
    this.entries.set(k, target);
    return () => {
      if (this.entries.get(k) === target) this.entries.delete(k);
    };
  }

  /** Cancels the running statement of the connection with this key; returns whether the key matched. */
  cancel(pid: number, secret: number): boolean {
    const target = this.entries.get(CancelRegistry.key(pid, secret));
    target?.cancel();
    return target !== undefined;
  }
}
