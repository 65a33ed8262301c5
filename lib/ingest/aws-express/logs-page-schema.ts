import { z } from "zod";

/** A `FilterLogEvents` page as the SDK returns it (`timestamp` epoch ms), checked before parsing. */
export const filterLogEventsPageSchema = z.object({
  events: z.array(z.looseObject({ timestamp: z.number().optional(), message: z.string().optional() })).default([]),
  nextToken: z.string().optional(),
});
