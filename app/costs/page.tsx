import { EmptyState } from "@/components/empty/empty-state";
import { PageHeader } from "@/components/layout/page-header";

export const metadata = { title: "Costs" };

export default function CostsPage() {
  return (
    <>
      <PageHeader title="Costs" />
      <EmptyState title="No cost estimates yet">
        <p>
          Cost estimates (state transitions for Standard workflows, requests and duration for Express) are not computed
          yet. Billable transitions are already recorded for every stored execution, so estimates will cover your
          existing history when they arrive.
        </p>
      </EmptyState>
    </>
  );
}
