// The plan as text (`berth plan`, `up --dry-run`, golden tests): one line per operation,
// `<what> (service <s>) because <cause>; after <ids>`, then warnings.
import { describeCause } from './cause';
import type { Operation, Plan } from './operation';

/** What the operation does, starting with its id; details an id leaves out are appended. */
export function describeOperation(op: Operation): string {
  switch (op.kind) {
    case 'RecreateContainer':
      // `-V`: the replacement starts with fresh anonymous volumes instead of the old ones
      return op.inherit ? `${op.id} as ${op.tmpName}` : `${op.id} as ${op.tmpName} with new anonymous volumes`;
    case 'RenameContainer':
      return `${op.id} to ${op.to}`;
    case 'RemoveContainer':
      return op.volumes ? `${op.id} with anonymous volumes` : op.id;
    case 'WaitCondition':
      return op.required ? op.id : `${op.id} (optional)`;
    default:
      return op.id;
  }
}

export function renderOperation(op: Operation): string {
  const service = op.service !== undefined ? ` (service ${op.service})` : '';
  const after = op.after.length > 0 ? `; after ${op.after.join(', ')}` : '';
  return `${describeOperation(op)}${service} because ${describeCause(op.cause)}${after}`;
}

export function renderPlan(plan: Plan): string {
  const lines = plan.operations.map(renderOperation);
  if (lines.length === 0) lines.push('nothing to do');
  for (const warning of plan.warnings) lines.push(`warning: ${warning}`);
  return lines.join('\n') + '\n';
}
