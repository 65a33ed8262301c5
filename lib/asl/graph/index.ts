export { extractGraph } from "./extract-graph";
export { describeChoiceRule } from "./describe-choice-rule";
export type * from "./graph-types";
export { findStateDefinition } from "./find-state-definition";
