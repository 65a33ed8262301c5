"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { executionQueryOptions } from "@/lib/api-client/execution-queries";
import { RedriveLocallyDialog, RedriveLocallyResult, type LocalRedriveResult } from "./redrive-locally-dialog";
import { ReplayLocallyDialog } from "./replay-locally-dialog";

const redrivable = new Set(["FAILED", "TIMED_OUT", "ABORTED"]);

/**
 * The interpreter's actions on an execution page, for operators: "Replay locally" for any
 * stored execution, "Redrive locally" for a failed one that ran in the interpreter (source
 * kind LOCAL). There is no local Stop: a local execution is stored only once it has ended.
 * A redrive's result stays shown after the execution's refresh takes the button away.
 */
export function LocalActions({ executionArn, canOperate }: { executionArn: string; canOperate: boolean }) {
  const { data } = useQuery({ ...executionQueryOptions(executionArn), enabled: canOperate });
  const [redriven, setRedriven] = useState<LocalRedriveResult | null>(null);
  if (!canOperate || !data) return null;
  return (
    <>
      <ReplayLocallyDialog executionArn={executionArn} canOperate />
      {data.sourceKind === "LOCAL" && redrivable.has(data.status) ? (
        <RedriveLocallyDialog
          executionArn={executionArn}
          stateMachineName={data.stateMachineName}
          onRedriven={setRedriven}
        />
      ) : null}
      {redriven !== null ? <RedriveLocallyResult result={redriven} /> : null}
    </>
  );
}
