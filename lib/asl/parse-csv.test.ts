import { describe, expect, it } from "vitest";
import { csvItems, parseCsvRows } from "./parse-csv";

describe("CSV for ItemReader", () => {
  it("splits quoted fields with commas, doubled quotes and CRLF", () => {
    expect(parseCsvRows('a,"b,c","say ""hi"""\r\n1,2,3\n')).toEqual([
      ["a", "b,c", 'say "hi"'],
      ["1", "2", "3"],
    ]);
  });

  it("keys rows by the first row, or by given headers", () => {
    expect(csvItems("H1,H2\nx,y\n", null)).toEqual([{ H1: "x", H2: "y" }]);
    expect(csvItems("x\n", ["A", "B"])).toEqual([{ A: "x", B: "" }]);
  });
});
