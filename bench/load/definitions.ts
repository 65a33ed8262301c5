// The definitions bench:load runs locally during the load.

/** A definition that loops on Pass/Choice with no way out: it ends at the interpreter's transition limit (or time limit). */
export const LOOP_DEFINITION = JSON.stringify({
  Comment: "bench:load — a forgotten exit condition",
  StartAt: "Work",
  States: {
    Work: { Type: "Pass", Result: { step: "again" }, ResultPath: "$.last", Next: "Done?" },
    "Done?": {
      Type: "Choice",
      Choices: [{ Variable: "$.done", BooleanEquals: true, Next: "Finished" }],
      Default: "Work",
    },
    Finished: { Type: "Succeed" },
  },
});

/** A short definition whose stored runs give the execution page and overlay a graph to draw (the corpus stores no definitions). */
export const SHORT_DEFINITION = JSON.stringify({
  StartAt: "Prepare",
  States: {
    Prepare: { Type: "Pass", Result: { items: [1, 2, 3, 4, 5] }, Next: "Each" },
    Each: {
      Type: "Map",
      ItemsPath: "$.items",
      ItemProcessor: { StartAt: "Double", States: { Double: { Type: "Pass", End: true } } },
      ResultPath: "$.doubled",
      Next: "Both",
    },
    Both: {
      Type: "Parallel",
      ResultPath: "$.both",
      Next: "Check",
      Branches: [
        { StartAt: "Left", States: { Left: { Type: "Pass", End: true } } },
        { StartAt: "Right", States: { Right: { Type: "Pass", End: true } } },
      ],
    },
    Check: { Type: "Choice", Choices: [{ Variable: "$.items[0]", NumericEquals: 1, Next: "Done" }], Default: "Done" },
    Done: { Type: "Succeed" },
  },
});
