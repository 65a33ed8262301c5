import Link from "next/link";
import { EmptyState } from "@/components/empty/empty-state";
import { PageHeader } from "@/components/layout/page-header";

export const metadata = { title: "Failures" };

export default function FailuresPage() {
  return (
    <>
      <PageHeader title="Failures" />
      <EmptyState title="Failure groups are not computed yet">
        <p>
          This page will group failures by signature (state machine, root-cause state, error and normalised cause), with
          counts, first and last seen, and retries per state.
        </p>
        <p>
          Until then, find failed executions in the{" "}
          <Link className="text-blue-700 underline dark:text-blue-400" href="/executions?status=FAILED">
            executions list
          </Link>
          , filtered by status and by error text.
        </p>
      </EmptyState>
    </>
  );
}
