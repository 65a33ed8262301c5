/**
 * Where the execution graph's time goes, from navigation (median of `runs` fresh contexts):
 * the HTML, the page's scripts (count, bytes as sent and unpacked, when the last arrived),
 * each API response the page asks for (bytes, when it ended), when the first state box was
 * in the DOM, when the graph was marked ready, when a click was answered, and main-thread
 * long tasks. One more run under the CPU profiler splits the main thread's busy time by
 * script (each chunk named after what it holds) and lists the busiest functions.
 */
import type { Browser, Page } from "@playwright/test";

/** Records, in the page, when the graph's first state box and its ready mark appear, and long tasks. */
const marksScript = `(() => {
  const m = (window.__graphMarks = { longTasks: [] });
  new PerformanceObserver((l) => { for (const e of l.getEntries()) m.longTasks.push([e.startTime, e.duration]); }).observe({ type: "longtask", buffered: true });
  const check = () => {
    if (m.firstState === undefined && document.querySelector('[data-testid="graph-state"]')) m.firstState = performance.now();
    if (m.ready === undefined && document.querySelector('[data-testid="execution-graph"][data-ready="true"]')) m.ready = performance.now();
    if (m.clicked !== undefined && m.pressed === undefined && document.querySelector('[data-testid="graph-state"][aria-pressed="true"]:not([data-root-cause])')) m.pressed = performance.now();
  };
  document.addEventListener("click", () => { if (m.clicked === undefined) m.clicked = performance.now(); }, true);
  new MutationObserver(check).observe(document, { subtree: true, childList: true, attributes: true });
})();`;

interface RunFigures {
  readonly [figure: string]: number;
}

const median = (xs: readonly number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] ?? 0) : ((s[m - 1] ?? 0) + (s[m] ?? 0)) / 2;
};

async function figuresOf(page: Page, clickedAt: number): Promise<RunFigures> {
  return page.evaluate((clicked) => {
    const out: Record<string, number> = {};
    const nav = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming;
    out["HTML response end"] = nav.responseEnd;
    out["DOMContentLoaded"] = nav.domContentLoadedEventEnd;
    const resources = performance.getEntriesByType("resource") as PerformanceResourceTiming[];
    const scripts = resources.filter((r) => r.initiatorType === "script" || r.name.endsWith(".js"));
    out["scripts: count"] = scripts.length;
    out["scripts: KB sent"] = scripts.reduce((a, r) => a + r.encodedBodySize, 0) / 1024;
    out["scripts: KB unpacked"] = scripts.reduce((a, r) => a + r.decodedBodySize, 0) / 1024;
    out["scripts: last arrived"] = Math.max(0, ...scripts.map((r) => r.responseEnd));
    // Chunks loaded on demand (after the document's own scripts) by name.
    for (const r of scripts)
      if (r.startTime > nav.domContentLoadedEventEnd)
        out[`late script ${r.name.split("/").pop() ?? ""}: arrived`] = r.responseEnd;
    for (const r of resources) {
      const api = /\/api\/executions\/[^/]+\/(\w+)/.exec(r.name)?.[1];
      if (!api) continue;
      out[`/${api}: KB`] = r.decodedBodySize / 1024;
      out[`/${api}: requested`] = r.startTime;
      out[`/${api}: response end`] = r.responseEnd;
    }
    const marks = (
      window as unknown as {
        __graphMarks: {
          firstState?: number;
          ready?: number;
          clicked?: number;
          pressed?: number;
          longTasks: [number, number][];
        };
      }
    ).__graphMarks;
    out["first state box in DOM"] = marks.firstState ?? NaN;
    out["graph marked ready"] = marks.ready ?? NaN;
    out["click dispatched"] = marks.clicked ?? NaN;
    out["click shown (state pressed)"] = marks.pressed ?? NaN;
    out["click answered"] = clicked - performance.timeOrigin;
    const before = marks.longTasks.filter(([start]) => start < (marks.ready ?? Infinity));
    out["long tasks before ready: count"] = before.length;
    out["long tasks before ready: ms"] = before.reduce((a, [, d]) => a + d, 0);
    out["longest task before ready"] = Math.max(0, ...before.map(([, d]) => d));
    const after = marks.longTasks.filter(
      ([start]) => start >= (marks.ready ?? Infinity) && start < clicked - performance.timeOrigin,
    );
    out["long tasks ready → click answered: ms"] = after.reduce((a, [, d]) => a + d, 0);
    return out;
  }, clickedAt);
}

/** What a script chunk holds, by a few markers of the libraries in it. */
function chunkLabel(url: string, text: string): string {
  const name = url.split("/").pop() ?? url;
  const holds = [
    [/react-flow__|useReactFlow|xyflow/, "@xyflow/react"],
    [/__reactFiber|react-dom|scheduleUpdateOnFiber|Minified React error/, "react-dom"],
    [/elkjs|ElkNode|org\.eclipse\.elk/, "elkjs"],
    [/execution-timeline|timeline-row/, "timeline"],
    [/data-testid.{0,4}graph-state/, "graph nodes"],
    [/__NEXT_DATA__|next-router|__next_f/, "next"],
  ] as const;
  const found = holds.filter(([re]) => re.test(text)).map(([, l]) => l);
  return `${name}${found.length ? ` [${found.join(", ")}]` : ""} ${(text.length / 1024).toFixed(0)} KB`;
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  children?: number[];
}

/** Main-thread self time of one navigation, by script and by function (CDP sampling profiler). */
async function profileOnce(browser: Browser, url: string, interactive: (page: Page) => Promise<void>): Promise<string> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, timezoneId: "Europe/Berlin" });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send("Profiler.enable");
  await cdp.send("Profiler.setSamplingInterval", { interval: 200 });
  await cdp.send("Profiler.start");
  await page.goto(url);
  await interactive(page);
  const { profile } = (await cdp.send("Profiler.stop")) as unknown as {
    profile: { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] };
  };
  const scriptTexts = new Map<string, string>();
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const byScript = new Map<string, number>();
  const byFunction = new Map<string, number>();
  for (const [id, us] of selfUs) {
    const n = byId.get(id);
    if (!n) continue;
    const fn = n.callFrame.functionName;
    if (fn === "(idle)" || fn === "(program)" || fn === "(root)") continue;
    const script = n.callFrame.url || (fn === "(garbage collector)" ? "(garbage collector)" : "(native / no script)");
    byScript.set(script, (byScript.get(script) ?? 0) + us);
    const key = `${fn || "(anonymous)"} ${n.callFrame.url.split("/").pop() ?? ""}:${n.callFrame.lineNumber + 1}:${n.callFrame.columnNumber + 1}`;
    byFunction.set(key, (byFunction.get(key) ?? 0) + us);
  }
  for (const script of byScript.keys()) {
    if (!script.startsWith("http")) continue;
    const text = await page.evaluate((u) => fetch(u).then((r) => r.text()), script).catch(() => "");
    scriptTexts.set(script, text);
  }
  await context.close();
  const top = (m: Map<string, number>, n: number, label: (k: string) => string) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([k, us]) => `      ${(us / 1000).toFixed(0).padStart(5)} ms  ${label(k)}`)
      .join("\n");
  const busy = [...byScript.values()].reduce((a, b) => a + b, 0) / 1000;
  return [
    `    main thread busy (one profiled run, scripts + GC): ${busy.toFixed(0)} ms; by script:`,
    top(byScript, 8, (k) => (k.startsWith("http") ? chunkLabel(k, scriptTexts.get(k) ?? "") : k)),
    `    busiest functions (self time):`,
    top(byFunction, 12, (k) => k),
  ].join("\n");
}

/**
 * The breakdown of opening `url` until `interactive` resolves (median of `runs`, after one
 * unmeasured warm-up), then one profiled run; returned as printable lines.
 */
export async function graphBreakdown(
  browser: Browser,
  url: string,
  runs: number,
  interactive: (page: Page) => Promise<void>,
): Promise<string> {
  const all: RunFigures[] = [];
  for (let i = 0; i <= runs; i++) {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, timezoneId: "Europe/Berlin" });
    await context.addInitScript(marksScript);
    const page = await context.newPage();
    await page.goto(url);
    await interactive(page);
    const clickedAt = await page.evaluate(() => performance.timeOrigin + performance.now());
    if (i > 0) all.push(await figuresOf(page, clickedAt));
    await context.close();
  }
  const names = [...new Set(all.flatMap((f) => Object.keys(f)))];
  const lines = names.map((n) => {
    const v = median(all.map((f) => f[n] ?? NaN).filter((x) => !Number.isNaN(x)));
    return `    ${n.padEnd(34)} ${v.toFixed(0).padStart(6)}${n.includes("KB") || n.includes("count") ? "" : " ms"}`;
  });
  return `${lines.join("\n")}\n${await profileOnce(browser, url, interactive)}`;
}
