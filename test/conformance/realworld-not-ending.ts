/**
 * Deployed sample definitions of `shared/realworld` that do not reach an end when run with input
 * `{}` and generated mocks (`realworld-run.ts`), each with the reason: by design they wait for
 * something outside (a polling loop that only an outside change ends). Regenerate the candidates
 * by running `npx vitest run test/conformance/realworld-execution.conformance.test.ts`.
 */
export const NOT_ENDING: ReadonlyMap<string, string> = new Map<string, string>([
  [
    "aws_samples_aws_stepfunctions_examples__sam_demo_generate_steady_state_events_statemachines_event_emitter_yaml",
    "polling loop: reads its config item from DynamoDB and, while the item lacks its fields, puts it and reads again; a real table then returns the item, the generated {} answer never does (history full at 25,000 events)",
  ],
  [
    "aws_samples_aws_stepfunctions_examples__sam_demo_manage_glue_crawlers_with_step_functions_template_yaml",
    "by size: nested inline Maps write one S3 object per year × 12 months × 27 days × 11 users (and per location); the history passes AWS's 25,000 events, as it would on AWS, and fails at the quota",
  ],
  [
    "aws_samples_step_functions_workflows_collection__human_task_reminder_statemachine_statemachine_asl_yaml",
    "polling loop: one Parallel branch re-reads the task's DynamoDB item every 60 s and sends a reminder until a person marks it complete; the generated {} answer never does (history full at 25,000 events)",
  ],
]);
