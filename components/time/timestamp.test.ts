import { createElement } from "react";
import { renderToString } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { Timestamp } from "./timestamp";

describe("Timestamp", () => {
  it("renders UTC on the server, where the reader's zone is unknown (the browser switches to local after hydrating)", () => {
    const previous = process.env["TZ"];
    process.env["TZ"] = "Asia/Tokyo";
    try {
      const html = renderToString(createElement(Timestamp, { iso: "2026-11-17T13:19:03.393Z" }));
      expect(html).toContain("2026-11-17 13:19:03.393 UTC");
      expect(html).toContain('dateTime="2026-11-17T13:19:03.393Z"');
    } finally {
      if (previous === undefined) delete process.env["TZ"];
      else process.env["TZ"] = previous;
    }
  });
});
