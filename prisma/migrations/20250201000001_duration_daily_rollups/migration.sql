-- CreateTable
CREATE TABLE "execution_duration_daily_rollups" (
    "day" DATE NOT NULL,
    "state_machine_id" INTEGER NOT NULL,
    "source_id" INTEGER NOT NULL,
    "bucket" SMALLINT NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "execution_duration_daily_rollups_pkey" PRIMARY KEY ("day","state_machine_id","source_id","bucket")
);

-- AddForeignKey
ALTER TABLE "execution_duration_daily_rollups" ADD CONSTRAINT "execution_duration_daily_rollups_state_machine_id_fkey" FOREIGN KEY ("state_machine_id") REFERENCES "state_machines"("id") ON DELETE CASCADE ON UPDATE CASCADE;
