/**
 * The optimizer rule contract (STYLE.md habit 2, after DataFusion's OptimizerRule): one rule per
 * file in rules/, each a pure function from a logical plan to a logical plan that says whether it
 * changed anything. Rules see the whole plan and recurse themselves (most use `transformUp`).
 */
import type { LogicalPlan } from '../logical/plan.ts';
import { inputsOf, withInputs } from '../logical/plan.ts';

/** What a rule may consult besides the plan: session configuration (Flink option keys). */
export interface RuleContext {
  readonly config: ReadonlyMap<string, string>;
}

/** A rule's answer. `plan` is the input itself when `changed` is false. */
export interface RuleResult {
  readonly changed: boolean;
  readonly plan: LogicalPlan;
}

/** An optimizer rule: a name (verb-object, as its file) and `apply`. */
export interface OptimizerRule {
  readonly name: string;
  apply(plan: LogicalPlan, ctx: RuleContext): RuleResult;
}

/**
 * Rewrites `plan` bottom-up: children first, then `f` on the node with its new children.
 * `f` returns the node itself (same object) when it has nothing to do. Reports whether anything changed.
 */
export function transformUp(plan: LogicalPlan, f: (p: LogicalPlan) => LogicalPlan): RuleResult {
  let changed = false;
  const visit = (p: LogicalPlan): LogicalPlan => {
    const ins = inputsOf(p);
    let node = p;
    if (ins.length > 0) {
      const next = ins.map(visit);
      if (next.some((n, i) => n !== ins[i])) node = withInputs(p, next);
    }
    const out = f(node);
    if (out !== node || node !== p) changed = true;
    return out;
  };
  const result = visit(plan);
  return { changed, plan: result };
}
