-- Tags of the Step Functions endpoint's state machines and activities (TagResource, UntagResource,
-- ListTagsForResource, CreateStateMachine's and CreateActivity's `tags`): one row per key.
CREATE TABLE "sfn_endpoint_tags" (
    "resource_arn" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    CONSTRAINT "sfn_endpoint_tags_pkey" PRIMARY KEY ("resource_arn", "key")
);
