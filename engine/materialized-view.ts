/**
 * The runtime of a materialized view: its definition, the physical plan that maintains it, the
 * Materialize operator that holds its current rows (snapshot reads, subscriptions, downstream views)
 * and the job that runs it.
 */
import type { SqlType } from '../common/types.ts';
import type { ViewInfo } from '../catalog/catalog.ts';
import type { ChangelogMode, PhysicalNode } from '../planner/physical/plan.ts';
import { Materialize } from '../executor/operators/materialize.ts';
import type { Job } from './job.ts';

export class MaterializedView {
  readonly materialize: Materialize;
  readonly types: readonly SqlType[];
  /** The changelog the view forwards to its readers: its plan's, as the view applies it. */
  readonly mode: ChangelogMode;
  readonly upsertKey: readonly number[] | undefined;
  job: Job | undefined;

  constructor(
    readonly info: ViewInfo,
    readonly plan: PhysicalNode,
  ) {
    this.types = plan.types;
    // With retraction elimination the plan emits no -U; the view regenerates it for its readers.
    this.mode = { ...plan.mode, updateBefore: plan.mode.updateBefore || plan.mode.updateAfter };
    this.upsertKey = plan.upsertKey;
    this.materialize = new Materialize({ types: plan.types, upsertKey: plan.upsertKey });
  }
}
