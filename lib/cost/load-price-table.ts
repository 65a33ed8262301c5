import type { Database } from "@/lib/db/database";
import { defaultPriceTable, priceOverridesSchema, withPriceOverrides, type PriceTable } from "./price-table";

/** The setting (in `app_settings`) that overrides built-in prices: `PriceOverrides` JSON. */
export const PRICE_SETTING_KEY = "cost.prices";

/** The built-in price table with the configured overrides applied (an invalid setting is refused loudly). */
export async function loadPriceTable(db: Pick<Database, "pool">, now = new Date()): Promise<PriceTable> {
  const { rows } = await db.pool.query<{ value: unknown }>("SELECT value FROM app_settings WHERE key = $1", [
    PRICE_SETTING_KEY,
  ]);
  if (!rows[0]) return defaultPriceTable;
  return withPriceOverrides(
    defaultPriceTable,
    priceOverridesSchema.parse(rows[0].value),
    now.toISOString().slice(0, 10),
  );
}
