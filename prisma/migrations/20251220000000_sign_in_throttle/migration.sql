-- Sign-in attempts per username and per client address in a fixed window: one row per key,
-- counted by a single INSERT … ON CONFLICT DO UPDATE (the row lock serializes concurrent
-- attempts, so twenty at once cannot all read "four failures so far").
CREATE TABLE "sign_in_throttle" (
    "key" TEXT NOT NULL,
    "window_start" TIMESTAMPTZ(3) NOT NULL,
    "attempts" INTEGER NOT NULL,
    CONSTRAINT "sign_in_throttle_pkey" PRIMARY KEY ("key")
);
CREATE INDEX "sign_in_throttle_window_start_idx" ON "sign_in_throttle"("window_start");
