import type { Locator, Page } from "@playwright/test";

/** One execution's page: header, root-cause banner, tabs, graph, timeline, state detail. */
export class ExecutionPage {
  readonly rootCause: Locator;
  readonly rootCauseState: Locator;
  readonly rootCauseError: Locator;
  readonly graph: Locator;
  readonly timeline: Locator;
  readonly stateDetail: Locator;

  constructor(private readonly page: Page) {
    this.rootCause = page.getByTestId("root-cause");
    this.rootCauseState = page.getByTestId("root-cause-state");
    this.rootCauseError = page.getByTestId("root-cause-error");
    this.graph = page.getByTestId("execution-graph");
    this.timeline = page.getByTestId("execution-timeline");
    this.stateDetail = page.getByTestId("state-detail");
  }

  tab(name: string): Locator {
    return this.page.getByRole("navigation", { name: "Execution views" }).getByRole("link", { name });
  }

  /** A state box in the graph, by its graph id (`Fan/0/A`, `Items/items/Work`) or top-level name. */
  graphState(id: string): Locator {
    return this.graph.locator(`[data-testid="graph-state"][data-state-id="${id}"]`);
  }

  /** Timeline rows of runs of a state. */
  timelineRuns(stateName: string): Locator {
    return this.timeline.locator(`[data-testid="timeline-row"][data-state-name="${stateName}"]`);
  }

  async waitForGraph(): Promise<void> {
    await this.page
      .locator('[data-testid="execution-graph"][data-ready="true"] [data-testid="graph-state"]')
      .first()
      .waitFor();
  }
}
