import { expect, type Locator, type Page } from "@playwright/test";

/** The executions list: filters, the table, and the import control. */
export class ExecutionsPage {
  readonly table: Locator;
  readonly search: Locator;
  readonly importReport: Locator;

  constructor(private readonly page: Page) {
    this.table = page.getByTestId("executions-table");
    this.search = page.getByRole("combobox", { name: "Query" });
    this.importReport = page.getByTestId("import-report");
  }

  async goto(query = "") {
    await this.page.goto(`/executions${query}`);
    await expect(this.page.getByRole("heading", { name: "Executions" })).toBeVisible();
    // What the box says as one types (the query's error, completions) is the client's: wait until it runs.
    await expect(this.page.locator("html[data-hydrated]")).toHaveCount(1, { timeout: 30_000 });
  }

  async importFile(path: string) {
    await this.page.getByTestId("import-input").setInputFiles(path);
    await expect(this.importReport).toBeVisible();
  }

  async searchFor(text: string) {
    await this.search.fill(text);
    await this.search.press("Enter");
    await expect(this.page).toHaveURL(new RegExp(`q=${encodeURIComponent(text)}`));
  }

  row(name: string): Locator {
    return this.table.getByRole("row").filter({ has: this.page.getByRole("link", { name }) });
  }
}
