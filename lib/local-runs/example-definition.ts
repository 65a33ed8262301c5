/** The definition the Local runs editor opens with: a Pass, a Choice and a Fail on one branch. */
export const exampleDefinition = JSON.stringify(
  {
    Comment: "Greets a customer; refuses an empty name",
    StartAt: "CheckName",
    States: {
      CheckName: {
        Type: "Choice",
        Choices: [{ Variable: "$.name", IsPresent: true, Next: "Greet" }],
        Default: "MissingName",
      },
      Greet: {
        Type: "Pass",
        Parameters: { "greeting.$": "States.Format('Hello, {}!', $.name)" },
        End: true,
      },
      MissingName: { Type: "Fail", Error: "Input.MissingName", Cause: "the input has no name" },
    },
  },
  null,
  2,
);

export const exampleInput = JSON.stringify({ name: "Ada" }, null, 2);
