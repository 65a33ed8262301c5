import { EmptyState } from "@/components/empty/empty-state";
import { PageHeader } from "@/components/layout/page-header";

export const metadata = { title: "Local runs" };

export default function LocalRunsPage() {
  return (
    <>
      <PageHeader title="Local runs" />
      <EmptyState title="The local interpreter is not bundled yet">
        <p>
          Local runs of state machine definitions (with mocked or recorded task results, on a virtual clock) will be
          listed here. Their histories will be stored like any other execution.
        </p>
      </EmptyState>
    </>
  );
}
