-- Ranges on payload paths (`input.order.amount > 100`) from an index: every number in an
-- execution's queryable input and output (`input_query`/`output_query`, the documents the query
-- language reads) is kept as a row (execution, root, path, value), so a range on one path is an
-- index range scan instead of reading and parsing every execution's payload. A trigger keeps the
-- rows in step with every write of `executions` (the store's statements and a bulk COPY alike),
-- as the generated columns are; Prisma's schema lists the table so it has no drift.
--
-- The path is the text array `#>` takes (object keys and array indexes as text), so
-- `v.path = ARRAY['items','0','qty']` holds exactly when `input_query #> that path` is that number.

-- CreateFunction: the numbers of a document with their paths (depth-first; none for null).
CREATE FUNCTION "stepscope_payload_numbers"(doc JSONB) RETURNS TABLE (path TEXT[], value NUMERIC)
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  WITH RECURSIVE node(path, value) AS (
    SELECT ARRAY[]::text[], doc WHERE doc IS NOT NULL
    UNION ALL
    SELECT node.path || child.key, child.value
      FROM node, LATERAL (
        SELECT o.key, o.value FROM jsonb_each(CASE WHEN jsonb_typeof(node.value) = 'object' THEN node.value END) o
        UNION ALL
        SELECT (a.n - 1)::text, a.value
          FROM jsonb_array_elements(CASE WHEN jsonb_typeof(node.value) = 'array' THEN node.value END)
               WITH ORDINALITY AS a(value, n)
      ) child
  )
  SELECT node.path, node.value::numeric FROM node WHERE jsonb_typeof(node.value) = 'number'
$$;

-- CreateTable
CREATE TABLE "execution_payload_numbers" (
    "execution_id" BIGINT NOT NULL,
    "root" TEXT NOT NULL,
    "path" TEXT[] NOT NULL,
    "value" NUMERIC NOT NULL,
    CONSTRAINT "execution_payload_numbers_root_check" CHECK ("root" IN ('input', 'output'))
);

-- AddForeignKey
ALTER TABLE "execution_payload_numbers" ADD CONSTRAINT "execution_payload_numbers_execution_id_fkey"
  FOREIGN KEY ("execution_id") REFERENCES "executions"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- CreateFunction: the rows of one execution, written again when its input or output changed.
CREATE FUNCTION "stepscope_sync_payload_numbers"() RETURNS TRIGGER
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN
    IF NEW.input_query IS NOT DISTINCT FROM OLD.input_query
       AND NEW.output_query IS NOT DISTINCT FROM OLD.output_query THEN
      RETURN NULL;
    END IF;
    DELETE FROM execution_payload_numbers WHERE execution_id = NEW.id;
  END IF;
  INSERT INTO execution_payload_numbers (execution_id, root, path, value)
    SELECT NEW.id, 'input', n.path, n.value FROM stepscope_payload_numbers(NEW.input_query) n
    UNION ALL
    SELECT NEW.id, 'output', n.path, n.value FROM stepscope_payload_numbers(NEW.output_query) n;
  RETURN NULL;
END
$$;

-- CreateTrigger
CREATE TRIGGER "executions_payload_numbers"
  AFTER INSERT OR UPDATE OF "input", "output", "input_truncated", "output_truncated" ON "executions"
  FOR EACH ROW EXECUTE FUNCTION stepscope_sync_payload_numbers();

-- Backfill the executions stored before.
INSERT INTO "execution_payload_numbers" ("execution_id", "root", "path", "value")
  SELECT e."id", 'input', n.path, n.value FROM "executions" e, stepscope_payload_numbers(e."input_query") n
  UNION ALL
  SELECT e."id", 'output', n.path, n.value FROM "executions" e, stepscope_payload_numbers(e."output_query") n;

-- CreateIndex: an execution's number at a path (the probe of a list walking its own order, answered from the
-- index alone: value INCLUDEd), and its rows (the trigger's DELETE, the cascade).
CREATE INDEX "execution_payload_numbers_execution_id_root_path_idx"
  ON "execution_payload_numbers" ("execution_id", "root", "path") INCLUDE ("value");

-- CreateIndex: `root, path` then the value: a range on one path is one index range (execution ids INCLUDEd).
CREATE INDEX "execution_payload_numbers_root_path_value_idx"
  ON "execution_payload_numbers" ("root", "path", "value") INCLUDE ("execution_id");
