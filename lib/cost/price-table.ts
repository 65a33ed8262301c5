import { z } from "zod";

/** Where a price figure came from and when it was recorded here. */
export interface PriceProvenance {
  /** Where the figure was read: a URL or the document that quoted it. */
  readonly source: string;
  /** When the figure was recorded in this table (`YYYY-MM-DD`), not when AWS set it. */
  readonly recordedOn: string;
}

/** Standard workflow price in one region, US dollars per 1,000 billable state transitions. */
export interface StandardPrice extends PriceProvenance {
  readonly region: string;
  readonly usdPer1000Transitions: number;
}

/** Express workflow prices: per request, and GB-hour tiers applied to a month's usage. */
export interface ExpressPrice extends PriceProvenance {
  readonly usdPerMillionRequests: number;
  /** Ascending; `upToGbHours: null` is the last tier. Sizes are per month. */
  readonly gbHourTiers: readonly { readonly upToGbHours: number | null; readonly usdPerGbHour: number }[];
}

export interface PriceTable {
  /** Region code → Standard price; regions not listed use `standardDefault`. */
  readonly standard: Readonly<Record<string, StandardPrice>>;
  readonly standardDefault: StandardPrice;
  readonly express: ExpressPrice;
  /** Standard transitions free per account per calendar month. */
  readonly freeTransitionsPerMonth: number;
}

const PRICING_PAGE = "https://aws.amazon.com/step-functions/pricing/";
const RECORDED = "2026-11-21";
const std = (region: string, usdPer1000Transitions: number): StandardPrice => ({
  region,
  usdPer1000Transitions,
  source: PRICING_PAGE,
  recordedOn: RECORDED,
});

/** The built-in table (AWS's published prices as recorded on `RECORDED`); override with `withPriceOverrides`. */
export const defaultPriceTable: PriceTable = {
  standard: {
    "us-east-1": std("us-east-1", 0.025),
    "us-west-1": std("us-west-1", 0.0279),
    "sa-east-1": std("sa-east-1", 0.0375),
    "us-gov-west-1": std("us-gov-west-1", 0.03),
    "us-gov-east-1": std("us-gov-east-1", 0.03),
    "ap-northeast-2": std("ap-northeast-2", 0.0271),
    "ap-south-1": std("ap-south-1", 0.0285),
    "eu-west-3": std("eu-west-3", 0.0297),
  },
  // "Most others $0.025" per the pricing page.
  standardDefault: std("*", 0.025),
  express: {
    usdPerMillionRequests: 1.0,
    gbHourTiers: [
      { upToGbHours: 1_000, usdPerGbHour: 0.06 },
      { upToGbHours: 5_000, usdPerGbHour: 0.03 },
      { upToGbHours: null, usdPerGbHour: 0.01642 },
    ],
    source: PRICING_PAGE,
    recordedOn: RECORDED,
  },
  freeTransitionsPerMonth: 4_000,
};

/** Overrides as kept in config (`app_settings` key `cost.prices`): any subset. */
export const priceOverridesSchema = z.object({
  standard: z
    .record(
      z.string(),
      z.object({
        usdPer1000Transitions: z.number().nonnegative(),
        source: z.string().optional(),
        recordedOn: z.string().optional(),
      }),
    )
    .optional(),
  standardDefault: z.object({ usdPer1000Transitions: z.number().nonnegative() }).optional(),
  expressUsdPerMillionRequests: z.number().nonnegative().optional(),
  expressGbHourTiers: z
    .array(z.object({ upToGbHours: z.number().positive().nullable(), usdPerGbHour: z.number().nonnegative() }))
    .min(1)
    .optional(),
  freeTransitionsPerMonth: z.number().int().nonnegative().optional(),
});
export type PriceOverrides = z.infer<typeof priceOverridesSchema>;

const OVERRIDE = "configuration override (app_settings cost.prices)";

/** `base` with `overrides` applied; overridden figures carry the override as their source. */
export function withPriceOverrides(base: PriceTable, overrides: PriceOverrides, today: string): PriceTable {
  const standard: Record<string, StandardPrice> = { ...base.standard };
  for (const [region, o] of Object.entries(overrides.standard ?? {})) {
    standard[region] = {
      region,
      usdPer1000Transitions: o.usdPer1000Transitions,
      source: o.source ?? OVERRIDE,
      recordedOn: o.recordedOn ?? today,
    };
  }
  return {
    standard,
    standardDefault: overrides.standardDefault
      ? {
          region: "*",
          usdPer1000Transitions: overrides.standardDefault.usdPer1000Transitions,
          source: OVERRIDE,
          recordedOn: today,
        }
      : base.standardDefault,
    express:
      overrides.expressUsdPerMillionRequests !== undefined || overrides.expressGbHourTiers
        ? {
            usdPerMillionRequests: overrides.expressUsdPerMillionRequests ?? base.express.usdPerMillionRequests,
            gbHourTiers: overrides.expressGbHourTiers ?? base.express.gbHourTiers,
            source: OVERRIDE,
            recordedOn: today,
          }
        : base.express,
    freeTransitionsPerMonth: overrides.freeTransitionsPerMonth ?? base.freeTransitionsPerMonth,
  };
}

/** The Standard price of `region` (the default when unknown or null). */
export function getStandardPrice(table: PriceTable, region: string | null): StandardPrice {
  return (region !== null ? table.standard[region] : undefined) ?? table.standardDefault;
}
