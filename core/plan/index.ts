export type { Cause } from './cause';
export { describeCause, shortHash } from './cause';
export type * from './operation';
export { PlanBuilder, checkPlanOrder } from './builder';
export { opId } from './ids';
export { describeOperation, renderOperation, renderPlan } from './render';
