import type { Locator, Page } from "@playwright/test";

/** One execution's page: header, root-cause banner, tabs. */
export class ExecutionPage {
  readonly rootCause: Locator;
  readonly rootCauseState: Locator;
  readonly rootCauseError: Locator;

  constructor(private readonly page: Page) {
    this.rootCause = page.getByTestId("root-cause");
    this.rootCauseState = page.getByTestId("root-cause-state");
    this.rootCauseError = page.getByTestId("root-cause-error");
  }

  tab(name: string): Locator {
    return this.page.getByRole("navigation", { name: "Execution views" }).getByRole("link", { name });
  }
}
