-- The X-Ray trace header an execution was started with (DescribeExecution's traceHeader): its trace export joins that trace.
ALTER TABLE "executions" ADD COLUMN "trace_header" TEXT;
