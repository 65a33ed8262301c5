import "server-only";
import { AppError } from "@/lib/errors/app-error";
import type { PrismaClient } from "@/lib/db/generated/client";
import { getRecordedExecution, type RecordedExecution } from "@/lib/queries/get-recorded-execution";

/** What re-running a stored execution in the interpreter needs of it. */
export type LocalStoredExecution = RecordedExecution;

/** A stored execution with its history and definition; 404 naming the ARN when unknown. */
export async function getLocalStoredExecutionOrThrow(
  db: PrismaClient,
  executionArn: string,
): Promise<LocalStoredExecution> {
  const found = await getRecordedExecution(db, executionArn);
  if (found === null) throw new AppError({ code: "not_found", message: `Execution ${executionArn} not found` });
  return found;
}
