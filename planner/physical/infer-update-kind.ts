/**
 * Retraction elimination: the second pass of Flink's FlinkChangelogModeInferenceProgram ("update
 * kind"), top-down from the root. A GroupAggregate whose every consumer upserts by its upsert key (a
 * materialized view keyed by it, a sink whose primary key is it) need not emit -U rows: it emits
 * +I/+U/-D only (`changelogMode=[I,UA,D]`). The requirement passes down through a Calc that keeps the
 * key and has no filter (a filter on an upsert stream without -U could miss a delete); every other
 * operator needs full retractions from its inputs.
 */
import type { ChangelogMode, PhysicalNode } from './plan.ts';

/** What the consumer of a plan's root needs: full retractions, or upserts by the given key columns. */
export type UpdateKindRequirement = { readonly kind: 'retract' } | { readonly kind: 'upsert'; readonly key: readonly number[] };

function sameKey(a: readonly number[] | undefined, b: readonly number[]): boolean {
  if (!a || a.length === 0 || a.length !== b.length) return false;
  return a.every((k) => b.includes(k));
}

function withoutUpdateBefore(m: ChangelogMode): ChangelogMode {
  return { ...m, updateBefore: false };
}

/** The plan with `emitUpdateBefore` false (and no UB in the mode) where `root` allows it. */
export function inferUpdateKind(plan: PhysicalNode, root: UpdateKindRequirement): PhysicalNode {
  const upsertOk = root.kind === 'upsert' && sameKey(plan.upsertKey, root.key);
  if (!upsertOk) return plan;
  switch (plan.kind) {
    case 'GroupAggregate':
    case 'GlobalGroupAggregate':
      if (plan.groupKeys.length === 0) return plan;
      return { ...plan, emitUpdateBefore: false, mode: withoutUpdateBefore(plan.mode) };
    case 'Calc': {
      if (plan.condition !== undefined || !plan.upsertKey) return plan;
      // The key through the projection: output key columns are plain references to input key columns.
      const inputKey: number[] = [];
      for (const k of plan.upsertKey) {
        const e = plan.projection ? plan.projection[k] : undefined;
        if (plan.projection && e?.kind !== 'ColRef') return plan;
        inputKey.push(e?.kind === 'ColRef' ? e.index : k);
      }
      const input = inferUpdateKind(plan.input, { kind: 'upsert', key: inputKey });
      if (input === plan.input) return plan;
      return { ...plan, input, mode: input.mode };
    }
    default:
      return plan;
  }
}
