export { extractGraph } from "./extract-graph";
export { describeChoiceRule } from "./describe-choice-rule";
export type * from "./graph-types";
