/**
 * Dev cases the interpreter does not match yet, each with the reason (the missing feature or
 * AWS behaviour, then the kind of case). Regenerate the candidates with
 * `npx tsx test/conformance/interpreter-list-failures.ts --ts`; a listed case that starts
 * matching fails the suite until it is removed.
 */
export const KNOWN_FAILURES: ReadonlyMap<string, string> = new Map<string, string>([
  [
    "assign.assign_reference_variables.reference_in_map_state_max_items_path__MAP_STATE_REFERENCE_IN_MAX_ITEMS_PATH",
    "external: ItemReader: the corpus has neither the S3 object nor a mock for it (the interpreter reads items through the task invoker)",
  ],
  [
    "assign.assign_reference_variables.reference_in_map_state_max_items_path__MAP_STATE_REFERENCE_IN_MAX_PER_BATCH_PATH",
    "external: ItemReader: the corpus has neither the S3 object nor a mock for it (the interpreter reads items through the task invoker)",
  ],
  [
    "callback.callback.sqs_failure_in_wait_for_task_tok_no_error_field__SQS_PARALLEL_WAIT_FOR_TASK_TOKEN",
    "external: the callback failed with no error name (SendTaskFailure without `error`); the corpus's mock config says States.TaskFailed instead, and a MockConfigFile Throw must name one",
  ],
  [
    "callback.callback.sqs_failure_in_wait_for_task_tok_no_error_field__SQS_WAIT_FOR_TASK_TOKEN_CATCH",
    "external: the callback failed with no error name (SendTaskFailure without `error`); the corpus's mock config says States.TaskFailed instead, and a MockConfigFile Throw must name one",
  ],
  [
    "scenarios.base_scenarios.map_item_reader_base_csv_headers_decl",
    "external: ItemReader: the corpus has neither the S3 object nor a mock for it (the interpreter reads items through the task invoker)",
  ],
  [
    "scenarios.base_scenarios.map_item_reader_base_json_max_items",
    "external: ItemReader: the corpus has neither the S3 object nor a mock for it (the interpreter reads items through the task invoker)",
  ],
  [
    "scenarios.base_scenarios.map_item_reader_base_json_max_items_jsonata",
    "external: ItemReader: the corpus has neither the S3 object nor a mock for it (the interpreter reads items through the task invoker)",
  ],
  [
    "scenarios.base_scenarios.map_item_reader_base_json_with_items_path__INVALID_ITEMS_PATH",
    "external: ItemReader: the corpus has neither the S3 object nor a mock for it (the interpreter reads items through the task invoker)",
  ],
  [
    "scenarios.base_scenarios.map_item_reader_base_json_with_items_path__VALID_ITEMS_PATH_FROM_ITEM_READER",
    "external: ItemReader: the corpus has neither the S3 object nor a mock for it (the interpreter reads items through the task invoker)",
  ],
  [
    "scenarios.base_scenarios.map_item_reader_base_json_with_items_path__VALID_ITEMS_PATH_FROM_PREVIOUS",
    "external: ItemReader: the corpus has neither the S3 object nor a mock for it (the interpreter reads items through the task invoker)",
  ],
  [
    "scenarios.base_scenarios.map_item_reader_csv_first_row_extra_fields",
    "external: ItemReader: the corpus has neither the S3 object nor a mock for it (the interpreter reads items through the task invoker)",
  ],
  [
    "scenarios.base_scenarios.map_item_reader_csv_headers_decl_duplicate_headers",
    "external: ItemReader: the corpus has neither the S3 object nor a mock for it (the interpreter reads items through the task invoker)",
  ],
  [
    "scenarios.base_scenarios.map_item_reader_csv_headers_decl_extra_fields",
    "external: ItemReader: the corpus has neither the S3 object nor a mock for it (the interpreter reads items through the task invoker)",
  ],
  [
    "scenarios.base_scenarios.map_item_reader_csv_max_items__0",
    "external: ItemReader: the corpus has neither the S3 object nor a mock for it (the interpreter reads items through the task invoker)",
  ],
  [
    "scenarios.base_scenarios.map_item_reader_csv_max_items__100000000",
    "external: ItemReader: the corpus has neither the S3 object nor a mock for it (the interpreter reads items through the task invoker)",
  ],
  [
    "scenarios.base_scenarios.map_item_reader_csv_max_items__2",
    "external: ItemReader: the corpus has neither the S3 object nor a mock for it (the interpreter reads items through the task invoker)",
  ],
  [
    "scenarios.base_scenarios.map_item_reader_json_no_json_list_object",
    "external: ItemReader: the corpus has neither the S3 object nor a mock for it (the interpreter reads items through the task invoker)",
  ],
  [
    "scenarios.base_scenarios.map_state_config_distributed_reentrant_lambda",
    "lambda-only: no mockConfig (Tasks answered from the recording); Distributed Map child executions calling Lambda: their results are not in the parent recording, and the case has no mock config to answer them",
  ],
  [
    "scenarios.base_scenarios.map_state_nested_config_distributed_no_max_max_concurrency",
    "lambda-only: no mockConfig (Tasks answered from the recording); Distributed Map child executions calling Lambda: their results are not in the parent recording, and the case has no mock config to answer them",
  ],
  [
    "services.lambda_task.invoke_json_values__0.0",
    "lambda-only: AWS keeps a number's text as sent (0.0); the interpreter and the mock config's parsed Return hold JSON numbers, so 0.0 prints as 0",
  ],
  [
    "timeouts.timeouts.service_lambda_map_timeout",
    "lambda-only: the four iterations now start and schedule their Tasks concurrently as AWS's did, but AWS then recorded their TaskStarted and simultaneous TaskTimedOut events in an order set by timing (timeouts 0, 2, 1, 3); the mock config answers iteration 0's States.Timeout at once, so the local Map fails and aborts the others before their Tasks start",
  ],
]);
