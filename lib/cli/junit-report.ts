/** One test case of a JUnit report: passed, failed (an assertion: the execution changed) or in error (it could not run). */
export interface JunitCase {
  readonly name: string;
  readonly classname: string;
  readonly seconds: number;
  readonly outcome:
    | { readonly type: "passed" }
    | { readonly type: "failure" | "error"; readonly kind: string; readonly message: string; readonly details: string };
}

// XML 1.0 allows tab, line feed, carriage return and U+0020 onwards (not the lone surrogates or U+FFFE/U+FFFF).
const notXml =
  // eslint-disable-next-line no-control-regex -- characters XML 1.0 cannot carry: matching them is the point.
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

function escapeXml(text: string, attribute: boolean): string {
  const clean = text.replace(notXml, "\ufffd").replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  return attribute
    ? clean.replace(/"/g, "&quot;").replace(/\n/g, "&#10;").replace(/\r/g, "&#13;").replace(/\t/g, "&#9;")
    : clean;
}

const seconds = (s: number) => s.toFixed(3);

/**
 * A JUnit XML report as CI systems read it (the common schema: `testsuites` › `testsuite` with
 * `tests`, `failures`, `errors`, `skipped`, `time`, `timestamp` › `testcase` with `name`,
 * `classname`, `time`, and a `failure` or `error` with `message` and `type` and the details as
 * its text): one suite, one case per execution.
 */
export function junitReport(suite: string, cases: readonly JunitCase[], startedAt: Date): string {
  const failures = cases.filter((c) => c.outcome.type === "failure").length;
  const errors = cases.filter((c) => c.outcome.type === "error").length;
  const total = cases.reduce((sum, c) => sum + c.seconds, 0);
  const counts = `tests="${cases.length}" failures="${failures}" errors="${errors}"`;
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="stepscope test" ${counts} time="${seconds(total)}">`,
    `  <testsuite name="${escapeXml(suite, true)}" ${counts} skipped="0" time="${seconds(total)}" timestamp="${startedAt.toISOString().slice(0, 19)}">`,
  ];
  for (const c of cases) {
    const open = `    <testcase name="${escapeXml(c.name, true)}" classname="${escapeXml(c.classname, true)}" time="${seconds(c.seconds)}"`;
    if (c.outcome.type === "passed") {
      lines.push(`${open}/>`);
      continue;
    }
    const o = c.outcome;
    lines.push(
      `${open}>`,
      `      <${o.type} message="${escapeXml(o.message, true)}" type="${escapeXml(o.kind, true)}">${escapeXml(o.details, false)}</${o.type}>`,
      "    </testcase>",
    );
  }
  lines.push("  </testsuite>", "</testsuites>", "");
  return lines.join("\n");
}
