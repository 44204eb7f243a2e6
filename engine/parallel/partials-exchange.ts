/**
 * The exchange between the two phases of two-phase aggregation in a parallel job (DESIGN.md,
 * "Engine: parallel jobs"): the LocalGroupAggregate hands over each minibatch's per-key partials as
 * objects, as it does in one thread (executor/aggregate/partials.ts PartialsChannel), and each key's
 * partial goes to the worker its key hashes to (over the local input's key columns, as rows would be
 * partitioned, partition.ts): this worker's straight to its GlobalGroupAggregate, the others' in one
 * message per worker — key encodings and accumulators structured-cloned by postMessage, and the key
 * rows as a transferred batch (protocol.ts PeerMessage `p`). Each message is posted on the port that
 * later carries the barrier after it, so barriers still follow every partial before them. Nothing
 * is serialized key by key.
 */
import type { StateKey } from '../../executor/state/state-backend.ts';
import type { SqlType } from '../../common/types.ts';
import type { GroupAccs } from '../../executor/aggregate/compiled-call.ts';
import { PartialsChannel } from '../../executor/aggregate/partials.ts';
import type { LocalPartial } from '../../executor/aggregate/partials.ts';
import { RowBatchBuilder } from '../../executor/row/binary-row.ts';
import type { PhysicalNode } from '../../planner/physical/plan.ts';
import type { SendChannel } from './channel.ts';
import { makeChannelOf } from './partition.ts';
import { fromWire, toWire } from './protocol.ts';
import type { PeerMessage } from './protocol.ts';

type PartialsMessage = Extract<PeerMessage, { t: 'p' }>;

/** One partials exchange of worker `self` of `n`: the channels both phases use, and the receiving end. */
export class PartialsExchange {
  /** The channel the local phase hands its partials to. */
  readonly local = new PartialsChannel();
  /** The channel the global phase reads. */
  readonly global = new PartialsChannel();
  private readonly types: readonly SqlType[];

  /**
   * `node`: the GlobalGroupAggregate over a LocalGroupAggregate; `edge`: this exchange's number (the
   * same in every worker); `peers[j]`: the channel to worker j (undefined for `self`).
   */
  constructor(node: Extract<PhysicalNode, { kind: 'GlobalGroupAggregate' }> & { readonly input: Extract<PhysicalNode, { kind: 'LocalGroupAggregate' }> }, edge: number, self: number, n: number, peers: readonly (SendChannel | undefined)[]) {
    const types = node.input.input.types;
    this.types = types;
    const channelOf = makeChannelOf(types, node.input.groupKeys, n);
    const builders = Array.from({ length: n }, (_, j) => (j === self ? undefined : new RowBatchBuilder(types)));
    const keys: StateKey[][] = Array.from({ length: n }, () => []);
    const accs: (GroupAccs | null)[][] = Array.from({ length: n }, () => []);
    let mine = new Map<StateKey, LocalPartial>();
    this.local.connect((partials, cols) => {
      for (const [key, lp] of partials) {
        const c = n === 1 ? 0 : channelOf(lp.batch, lp.row);
        if (c === self) {
          mine.set(key, lp);
        } else {
          keys[c]!.push(key);
          accs[c]!.push(lp.accs);
          builders[c]!.copyRow(lp.batch, lp.row);
        }
      }
      partials.clear();
      for (let j = 0; j < n; j++) {
        if (j === self || keys[j]!.length === 0) continue;
        const { batch, transfer } = toWire(builders[j]!.finish(), false);
        peers[j]!.sendBatch({ t: 'p', edge, keys: keys[j]!, accs: accs[j]!, cols, batch } satisfies PeerMessage, transfer);
        keys[j] = [];
        accs[j] = [];
      }
      if (mine.size > 0) mine = this.global.deliver(mine, cols);
      return partials;
    });
  }

  /** Partials another worker sent: into the global phase. */
  receive(m: PartialsMessage): void {
    const batch = fromWire(this.types, m.batch);
    const partials = new Map<StateKey, LocalPartial>();
    for (let r = 0; r < m.keys.length; r++) partials.set(m.keys[r]!, { accs: m.accs[r]!, batch, row: r });
    this.global.deliver(partials, m.cols);
  }
}
