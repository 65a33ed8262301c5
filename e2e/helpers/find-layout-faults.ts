import type { Page } from "@playwright/test";

/**
 * What a person would see as broken layout on the page as it is now, one line per fault:
 * - the page (or its main area) scrolls sideways;
 * - an element's content is wider than its box: spilling out (`overflow: visible`), cut without
 *   an ellipsis (`hidden`/`clip`), or scrolling sideways (`auto`/`scroll`) where nothing was made
 *   to scroll (a box made to scroll says so with `data-scrolls-x`; the graph canvas pans);
 * - an element reaches past the window's right edge;
 * - a one-word text (an identifier such as `Order.PaymentFailed`) is broken over two lines.
 * Text cut with an ellipsis is allowed (a `title` or the row's link shows it whole).
 */
export async function findLayoutFaults(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const faults: string[] = [];
    const describe = (el: Element): string => {
      const testId = el.getAttribute("data-testid");
      const cls = (el.getAttribute("class") ?? "").split(/\s+/).slice(0, 4).join(".");
      const text = (el.textContent ?? "").replace(/\s+/g, " ").trim().slice(0, 50);
      return `<${el.tagName.toLowerCase()}${testId ? ` data-testid=${testId}` : ""}${cls ? ` .${cls}` : ""}> "${text}"`;
    };
    const root = document.scrollingElement ?? document.documentElement;
    if (root.scrollWidth > root.clientWidth + 1)
      faults.push(`the page scrolls sideways (${root.scrollWidth}px in ${root.clientWidth}px)`);
    const width = window.innerWidth;
    const exempt = (el: Element) => el.closest("[data-scrolls-x], .react-flow, svg, [role=dialog] pre") !== null;
    for (const el of Array.from(document.body.querySelectorAll("*"))) {
      if (!(el instanceof HTMLElement) || exempt(el)) continue;
      const rect = el.getBoundingClientRect();
      // Nothing to see: empty boxes and the 1-pixel boxes of screen-reader-only text.
      if (rect.width <= 1 || rect.height <= 1) continue;
      const style = getComputedStyle(el);
      if (style.visibility === "hidden" || style.display === "contents") continue;
      const over = el.scrollWidth - el.clientWidth;
      if (el.clientWidth > 0 && over > 1 && style.display !== "inline") {
        const ox = style.overflowX;
        if (ox === "visible") faults.push(`spills ${over}px out of its box: ${describe(el)}`);
        else if ((ox === "hidden" || ox === "clip") && style.textOverflow !== "ellipsis")
          faults.push(`cut off by ${over}px: ${describe(el)}`);
        else if (ox === "auto" || ox === "scroll") faults.push(`scrolls sideways by ${over}px: ${describe(el)}`);
      }
      // Reaching past the window: only what no clipping ancestor hides.
      if (rect.right > width + 1) {
        let clipped = false;
        for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
          const o = getComputedStyle(a).overflowX;
          if (o !== "visible") {
            clipped = true;
            break;
          }
        }
        if (!clipped) faults.push(`reaches ${Math.round(rect.right - width)}px past the window: ${describe(el)}`);
      }
      // One word over two lines: an identifier broken mid-word.
      if (el.children.length === 0 && style.whiteSpace !== "pre" && el.closest("pre, textarea") === null) {
        const text = (el.textContent ?? "").trim();
        if (text.length > 3 && !/\s/.test(text)) {
          const range = document.createRange();
          range.selectNodeContents(el);
          const tops = new Set(Array.from(range.getClientRects()).map((r) => Math.round(r.top)));
          if (tops.size > 1) faults.push(`"${text.slice(0, 60)}" is broken over ${tops.size} lines: ${describe(el)}`);
        }
      }
    }
    return faults;
  });
}
