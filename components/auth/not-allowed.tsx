import { EmptyState } from "@/components/empty/empty-state";

/** What a page shows to a signed-in user whose role is too weak for it (the API answers 403 too). */
export function NotAllowed({ needed, name }: { needed: string; name: string }) {
  return (
    <div className="p-6">
      <EmptyState title={`This page needs the ${needed} role`}>
        <p>
          You are{" "}
          {name === "anonymous" ? (
            "not signed in"
          ) : (
            <>
              signed in as <strong>{name}</strong>
            </>
          )}
          . Ask an admin for the {needed} role, or{" "}
          <a href="/login" className="underline">
            sign in
          </a>{" "}
          with another account.
        </p>
      </EmptyState>
    </div>
  );
}
