import { describe, expect, it } from "vitest";
import {
  NOW,
  params,
  storedExecutions,
  useExecutionListCorpus,
  type Stored,
} from "../../test/builders/execution-list-corpus";
import { encodeExecutionListCursor } from "./execution-list-cursor";
import { executionListParamsSchema, executionStatuses, sortFields } from "./execution-list-params";
import type { ExecutionListRow } from "./execution-list-types";
import { listExecutions } from "./list-executions";

// The executions list's sort (every field, both ways) and keyset paging, against the stored rows.

const corpus = useExecutionListCorpus();

type SortKey = string | number | null;

/** The value a sort field orders by, read from the oracle row (status in its enum's declared order). */
function sortKey(field: (typeof sortFields)[number], e: Stored): SortKey {
  switch (field) {
    case "startDate":
      return e.startDate;
    case "stopDate":
      return e.stopDate;
    case "duration":
      return e.durationMs;
    case "name":
      return e.name;
    case "status":
      return executionStatuses.indexOf(e.status as (typeof executionStatuses)[number]);
    case "stateMachine":
      return e.stateMachine;
    default: {
      const never: never = field;
      throw new Error(`unknown sort ${String(never)}`);
    }
  }
}

const cases = () => sortFields.flatMap((field) => (["asc", "desc"] as const).map((order) => [field, order] as const));

describe("listExecutions sort", () => {
  it.each(cases())("orders by %s %s, nulls last, ties by id the same way", async (field, order) => {
    const stored = new Map((await storedExecutions(corpus.db)).map((e) => [e.executionArn, e]));
    const page = await listExecutions(corpus.db.prisma, params({ sort: field, order }), NOW);
    expect(page.rows).toHaveLength(stored.size);
    const keyed = page.rows.map((r: ExecutionListRow) => {
      const e = stored.get(r.executionArn);
      if (e === undefined) throw new Error(`${r.executionArn} is not stored`);
      return { key: sortKey(field, e), id: e.id };
    });
    expect(new Set(keyed.map((k) => k.key)).size).toBeGreaterThan(2);
    const sign = order === "asc" ? 1 : -1;
    for (let i = 1; i < keyed.length; i++) {
      const a = keyed[i - 1];
      const b = keyed[i];
      if (a === undefined || b === undefined) continue;
      const at = `rows ${i - 1} and ${i}`;
      if (a.key === null) {
        expect(b.key, `${at}: nulls come last`).toBeNull();
      } else if (b.key !== null && a.key !== b.key) {
        expect(a.key < b.key ? sign : -sign, `${at}: ${String(a.key)} before ${String(b.key)}`).toBe(1);
      } else if (b.key !== null) {
        expect(a.id < b.id ? sign : -sign, `${at}: ties ordered by id`).toBe(1);
      }
    }
  });
});

describe("listExecutions paging", () => {
  it("continues page 1 on page 2 without overlap, says when there is a next page and counts the total", async () => {
    const all = await listExecutions(corpus.db.prisma, params({}), NOW);
    const p1 = await listExecutions(corpus.db.prisma, params({ pageSize: 7, page: 1 }), NOW);
    const p2 = await listExecutions(corpus.db.prisma, params({ pageSize: 7, page: 2 }), NOW);
    expect(p1.rows).toHaveLength(7);
    expect(p2.rows).toHaveLength(7);
    expect([...p1.rows, ...p2.rows].map((r) => r.executionArn)).toEqual(
      all.rows.slice(0, 14).map((r) => r.executionArn),
    );
    expect(p1.hasNext).toBe(true);
    expect(p1.total).toBe(all.rows.length);
    expect(p1.totalIsLowerBound).toBe(false);
    const lastPage = Math.ceil(all.rows.length / 7);
    const last = await listExecutions(corpus.db.prisma, params({ pageSize: 7, page: lastPage }), NOW);
    expect(last.rows.map((r) => r.executionArn)).toEqual(all.rows.slice((lastPage - 1) * 7).map((r) => r.executionArn));
    expect(last.hasNext).toBe(false);
  });

  it.each(cases())(
    "pages by cursor through the list sorted by %s %s: the same rows as one long page, forwards and back",
    async (sort, order) => {
      const all = (await listExecutions(corpus.db.prisma, params({ sort, order }), NOW)).rows.map(
        (r) => r.executionArn,
      );
      const forward: string[][] = [];
      let page = await listExecutions(corpus.db.prisma, params({ sort, order, pageSize: 9 }), NOW);
      forward.push(page.rows.map((r) => r.executionArn));
      expect(page.prevCursor).toBeNull();
      while (page.nextCursor) {
        page = await listExecutions(
          corpus.db.prisma,
          params({ sort, order, pageSize: 9, page: page.page + 1, after: page.nextCursor }),
          NOW,
        );
        forward.push(page.rows.map((r) => r.executionArn));
      }
      expect(page.hasNext).toBe(false);
      expect(forward.flat()).toEqual(all);
      const back: string[][] = [forward.at(-1) ?? []];
      while (page.prevCursor) {
        page = await listExecutions(
          corpus.db.prisma,
          params({ sort, order, pageSize: 9, page: page.page - 1, before: page.prevCursor }),
          NOW,
        );
        back.unshift(page.rows.map((r) => r.executionArn));
      }
      expect(back).toEqual(forward);
    },
  );

  it("refuses a cursor of another sort, or one it did not make, naming the parameter", () => {
    const made = encodeExecutionListCursor({ sort: "name", value: "x", id: "1" });
    const issues = (input: Record<string, unknown>) => {
      const r = executionListParamsSchema.safeParse(input);
      return r.success ? [] : r.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
    };
    expect(issues({ sort: "duration", after: made })).toEqual([
      "after: a cursor of the list sorted by name, but sort is duration",
    ]);
    expect(issues({ before: "not-a-cursor" })).toEqual([
      "before: not a cursor this list produced (not base64url JSON)",
    ]);
    expect(issues({ sort: "name", after: made, before: made })).toEqual(["before: give after or before, not both"]);
    expect(issues({ sort: "name", after: made })).toEqual([]);
  });

  it("counts a text search exactly on a small table, and says the count is not an estimate", async () => {
    const stored = await storedExecutions(corpus.db);
    const want = stored.filter((e) =>
      [e.error, e.cause, e.rootCauseState].some((t) => t?.toLowerCase().includes("crashed")),
    );
    const page = await listExecutions(corpus.db.prisma, params({ q: "crashed", pageSize: 1 }), NOW);
    expect(want.length).toBeGreaterThan(1);
    expect(page).toMatchObject({ total: want.length, totalIsEstimate: false, totalIsLowerBound: false, hasNext: true });
  });

  it("pages a filtered list by the filtered total", async () => {
    const p1 = await listExecutions(corpus.db.prisma, params({ stateMachine: "Billing", pageSize: 3, page: 1 }), NOW);
    const p2 = await listExecutions(corpus.db.prisma, params({ stateMachine: "Billing", pageSize: 3, page: 2 }), NOW);
    expect(p1).toMatchObject({ total: 5, hasNext: true });
    expect(p2).toMatchObject({ total: 5, hasNext: false });
    expect(p2.rows.map((r) => r.name)).toEqual(["upload-d", "upload-e"]);
  });
});
