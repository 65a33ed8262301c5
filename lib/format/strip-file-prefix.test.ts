import { describe, expect, it } from "vitest";
import { stripFilePrefix } from "./strip-file-prefix";

describe("stripFilePrefix", () => {
  it("drops the file's name the server put in front of its message", () => {
    expect(stripFilePrefix("history.json: events[3].type: unknown", "history.json")).toBe("events[3].type: unknown");
  });

  it("keeps a message that names another file, or names this one elsewhere", () => {
    expect(stripFilePrefix("other.json: refused", "history.json")).toBe("other.json: refused");
    expect(stripFilePrefix("not JSON (history.json)", "history.json")).toBe("not JSON (history.json)");
  });
});
