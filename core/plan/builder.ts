// Appends operations in a topological order and keeps ids unique: an edge may only point back at
// an operation already in the plan, so `operations` is always executable front to back.
import { CoreError } from '../errors';
import type { Operation, Plan } from './operation';

export class PlanBuilder {
  private readonly ops: Operation[] = [];
  private readonly byId = new Map<string, Operation>();
  private readonly warnings: string[] = [];

  /** Adds `op`; its `after` is de-duplicated, and every id in it must already be in the plan. */
  add<T extends Operation>(op: T): T {
    if (this.byId.has(op.id)) {
      throw new CoreError('INTERNAL', `plan already has an operation "${op.id}"`);
    }
    op.after = dedupe(op.after);
    for (const dep of op.after) {
      if (!this.byId.has(dep)) {
        throw new CoreError('INTERNAL', `operation "${op.id}" comes after unknown operation "${dep}"`);
      }
    }
    this.ops.push(op);
    this.byId.set(op.id, op);
    return op;
  }

  get(id: string): Operation | undefined {
    return this.byId.get(id);
  }

  warn(message: string): void {
    this.warnings.push(message);
  }

  build(): Plan {
    return { operations: [...this.ops], warnings: [...this.warnings] };
  }
}

function dedupe(ids: string[]): string[] {
  return [...new Set(ids)];
}

/** Checks a plan's edges: unique ids, every `after` pointing at an earlier operation. */
export function checkPlanOrder(plan: Plan): string[] {
  const seen = new Set<string>();
  const problems: string[] = [];
  for (const op of plan.operations) {
    if (seen.has(op.id)) problems.push(`duplicate id "${op.id}"`);
    for (const dep of op.after) {
      if (!seen.has(dep)) problems.push(`"${op.id}" comes after "${dep}", which is not earlier`);
    }
    seen.add(op.id);
  }
  return problems;
}
