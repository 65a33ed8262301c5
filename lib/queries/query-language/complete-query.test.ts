import { describe, expect, it } from "vitest";
import { completeQuery } from "./complete-query";

const labels = (text: string, known = {}) => completeQuery(text, text.length, known).options.map((o) => o.insert);

describe("completeQuery", () => {
  it("offers the fields that start with the word typed, at the start and after AND/OR/NOT/(", () => {
    expect(labels("sta")).toEqual(["status", "stateMachine", "state", "startDate"]);
    expect(labels('status = "FAILED" AND fail')).toEqual(["failedState"]);
    expect(labels("(in")).toEqual(["input."]);
  });

  it("offers the operators a field takes", () => {
    expect(labels("status ")).toEqual(["=", "!=", "IN"]);
    expect(labels("duration >")).toEqual([">="]);
    expect(labels("input.order.amount ")).toContain("EXISTS");
  });

  it("offers known values after an operator and inside IN (…), quoted", () => {
    expect(labels('status = "F')).toEqual(['"FAILED"']);
    expect(labels("stateMachine = ", { stateMachine: ["checkout", "billing"] })).toEqual(['"checkout"', '"billing"']);
    expect(labels('status IN ("FAILED", "T')).toEqual(['"TIMED_OUT"']);
  });

  it("knows the version and alias fields, their operators and the values stored", () => {
    expect(labels("ver")).toEqual(["version"]);
    expect(labels('status = "FAILED" AND al')).toEqual(["alias"]);
    expect(labels("version ")).toEqual(["=", "!=", ">", ">=", "<", "<=", "IN", "EXISTS"]);
    expect(labels("alias ")).toEqual(["=", "!=", ">", ">=", "<", "<=", "~", "IN", "EXISTS"]);
    const known = { alias: ["PROD", "STAGING"], version: ["3", "7"] };
    expect(labels("alias = ", known)).toEqual(['"PROD"', '"STAGING"']);
    expect(labels('alias = "S', known)).toEqual(['"STAGING"']);
    expect(labels("version = ", known)).toEqual(["3", "7"]);
    expect(labels("version IN (3, ", known)).toEqual(["3", "7"]);
  });

  it("offers relative dates, bare, after a date field's operator", () => {
    expect(labels("startDate > ")).toEqual(["now-1h", "now-24h", "now-7d"]);
    expect(labels("stopDate >= now-2")).toEqual(["now-24h"]);
  });

  it("offers AND/OR after a value, and says where the inserted text goes", () => {
    expect(labels('status = "FAILED" ')).toEqual(["AND", "OR"]);
    expect(completeQuery('name = "a" o', 12)).toMatchObject({ from: 11, to: 12, options: [{ insert: "OR" }] });
  });
});
