/**
 * Places Flink's MiniBatchAssigner (ProcTime mode) above every source of a continuous plan that has
 * a minibatch operator (GroupAggregate with `miniBatchSize`, Local/GlobalGroupAggregate), as Flink's
 * MiniBatchIntervalInferRule does: a plan without one (q0, a filter into a sink) is left alone.
 */
import type { PhysicalNode } from './plan.ts';
import { physicalInputs } from './plan.ts';

/** True when some node of `n` buffers per minibatch. */
function usesMiniBatch(n: PhysicalNode): boolean {
  if (n.kind === 'LocalGroupAggregate' || n.kind === 'GlobalGroupAggregate') return true;
  if (n.kind === 'GroupAggregate' && n.miniBatchSize !== undefined) return true;
  return physicalInputs(n).some(usesMiniBatch);
}

/** Rebuilds `n` with `inputs` (same order as physicalInputs). */
function withPhysicalInputs(n: PhysicalNode, inputs: readonly PhysicalNode[]): PhysicalNode {
  switch (n.kind) {
    case 'TableSourceScan':
    case 'StoredScan':
    case 'Values':
      return n;
    case 'Join':
    case 'SetOp':
      return { ...n, left: inputs[0]!, right: inputs[1]! };
    case 'Union':
      return { ...n, inputs };
    default:
      return { ...n, input: inputs[0]! } as PhysicalNode;
  }
}

/** `plan` with a MiniBatchAssigner of `intervalMs` above each connector or stored source, when the plan uses minibatch. */
export function assignMiniBatch(plan: PhysicalNode, intervalMs: number): PhysicalNode {
  if (!usesMiniBatch(plan)) return plan;
  const visit = (n: PhysicalNode): PhysicalNode => {
    if (n.kind === 'TableSourceScan' || n.kind === 'StoredScan') {
      return { kind: 'MiniBatchAssigner', input: n, intervalMs, types: n.types, names: n.names, mode: n.mode, upsertKey: n.upsertKey };
    }
    const ins = physicalInputs(n);
    if (ins.length === 0) return n;
    return withPhysicalInputs(n, ins.map(visit));
  };
  return visit(plan);
}
