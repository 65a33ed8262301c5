import { describe, expect, it } from "vitest";
import { parseHistoryEvents } from "@/lib/history/parse-history-events";
import { historyPageSchema } from "./sfn-page-schemas";

describe("historyPageSchema", () => {
  it("takes AWS's epoch seconds, and from a lenient emulator numeric strings or ISO text, all to the same instant", () => {
    const page = historyPageSchema.parse({
      events: [
        { id: 1, timestamp: 1710673840.123, type: "ExecutionStarted" },
        { id: 2, timestamp: "1710673840.5", type: "PassStateEntered" },
        { id: 3, timestamp: "2024-03-17T11:10:41.000+00:00", type: "PassStateExited" },
      ],
      nextToken: "t",
    });
    expect(parseHistoryEvents(page.events, { path: "/events" }).map((e) => e.timestamp)).toEqual([
      "2024-03-17T11:10:40.123Z",
      "2024-03-17T11:10:40.500Z",
      "2024-03-17T11:10:41.000Z",
    ]);
  });

  it.each([[{ id: 0, timestamp: 1, type: "X" }], [{ id: 1, timestamp: null, type: "X" }], [{ id: 1, timestamp: 1 }]])(
    "refuses %o with the event's shape in the message",
    (event) => {
      const parsed = historyPageSchema.safeParse({ events: [event] });
      expect(parsed.success).toBe(false);
      expect(parsed.error?.issues[0]?.message).toContain("positive integer `id`, a `timestamp`");
      expect(parsed.error?.issues[0]?.path).toEqual(["events", 0]);
    },
  );
});
