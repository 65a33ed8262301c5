import { classifyAwsError } from "@/lib/aws/aws-error";
import type { AwsSyncContext } from "./aws-sync-context";
import { getHistoryPage } from "./sfn-calls";
import type { RawSdkEvent } from "./sfn-page-schemas";

/** How often an expired `nextToken` restarts a reverse read before the sync gives up on the execution. */
const maxTailRestarts = 5;

type Ctx = Pick<AwsSyncContext, "clients" | "call" | "report" | "checkpointEveryPages">;

/**
 * Reads the events after `lastEventId` with `GetExecutionHistory` (`maxResults` 1000,
 * every page).
 *
 * - Nothing stored yet: pages forward from the first event; every
 *   `checkpointEveryPages` pages `checkpoint(eventsSoFar)` stores what was read, so a
 *   sync killed in the middle of a 25,000-event history resumes there.
 * - Events stored: pages in reverse (`reverseOrder`) from the newest event down to the
 *   last stored one, so a running execution costs pages for its new events only.
 * - An expired `nextToken` (`InvalidToken`) restarts the read from the last stored event
 *   (after a checkpoint of what the forward read got).
 * Returns the new events in ascending id order.
 */
export async function fetchNewEvents(
  ctx: Ctx,
  executionArn: string,
  lastEventId: number,
  checkpoint: (events: readonly RawSdkEvent[]) => Promise<number>,
): Promise<RawSdkEvent[]> {
  let last = lastEventId;
  let pending: RawSdkEvent[] = [];
  if (last === 0) {
    let nextToken: string | undefined;
    let pages = 0;
    try {
      do {
        const page = await getHistoryPage(ctx, executionArn, false, nextToken);
        pending.push(...page.events);
        nextToken = page.nextToken;
        pages += 1;
        if (nextToken && pages % ctx.checkpointEveryPages === 0) {
          last = await checkpoint(pending);
          pending = [];
        }
      } while (nextToken);
      return pending;
    } catch (error) {
      if (classifyAwsError(error) !== "expired-token") throw error;
      if (pending.length > 0) last = await checkpoint(pending);
      pending = [];
    }
  }
  return fetchTail(ctx, executionArn, last);
}

async function fetchTail(ctx: Ctx, executionArn: string, lastEventId: number): Promise<RawSdkEvent[]> {
  for (let restart = 0; ; restart += 1) {
    const newest: RawSdkEvent[] = [];
    let nextToken: string | undefined;
    try {
      do {
        const page = await getHistoryPage(ctx, executionArn, true, nextToken);
        let reached = false;
        for (const event of page.events) {
          if (event.id <= lastEventId) {
            reached = true;
            break;
          }
          newest.push(event);
        }
        nextToken = reached ? undefined : page.nextToken;
      } while (nextToken);
      return newest.reverse();
    } catch (error) {
      if (classifyAwsError(error) !== "expired-token" || restart >= maxTailRestarts) throw error;
    }
  }
}
