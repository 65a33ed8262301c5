import { describe, expect, it } from "vitest";
import { parseHistoryFile } from "./parse-history-file";

describe("parseHistoryFile: encodings", () => {
  const text = JSON.stringify({
    events: [
      {
        id: 1,
        previousEventId: 0,
        timestamp: "2024-03-17T11:10:40.123Z",
        type: "ExecutionStarted",
        executionStartedEventDetails: { input: '{"name":"Zoë"}' },
      },
    ],
  });

  it("ignores a UTF-8 byte order mark, in bytes and in text", () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(text)]);
    expect(parseHistoryFile(bytes, { fileName: "bom.json" })[0]?.events).toEqual(
      parseHistoryFile(text, { fileName: "bom.json" })[0]?.events,
    );
    expect(parseHistoryFile(`\ufeff${text}`, { fileName: "bom.json" })[0]?.events).toHaveLength(1);
  });

  it("refuses bytes that are not UTF-8 with the line and column of the first one", () => {
    const latin1 = Uint8Array.from(`{\n  "events": []${text.slice(1)}`.replace("ë", "\u00eb"), (c) => c.charCodeAt(0));
    expect(() => parseHistoryFile(latin1, { fileName: "latin1.json" })).toThrow(
      /^latin1\.json: line 2, column \d+: not UTF-8: byte 0xEB at offset \d+/,
    );
  });

  it("warns where text already decoded holds a replacement character", () => {
    const [parsed] = parseHistoryFile(text.replace("ë", "\ufffd"), { fileName: "replaced.json" });
    expect(parsed?.warnings?.[0]).toMatch(
      /^line 1, column \d+: U\+FFFD \(replacement character\): if the file was not UTF-8, bytes were replaced/,
    );
  });
});
