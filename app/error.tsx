"use client";

/** Any page that throws lands here: the message, and a way to try again. */
export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div role="alert" className="mx-auto mt-16 max-w-lg rounded border border-red-300 p-6 dark:border-red-800">
      <h1 className="text-base font-medium">This page could not be shown</h1>
      <p className="mt-2 text-zinc-600 dark:text-zinc-400">{error.message || "Something went wrong."}</p>
      <button
        type="button"
        onClick={reset}
        className="mt-4 rounded border border-zinc-300 px-3 py-1 dark:border-zinc-700"
      >
        Try again
      </button>
    </div>
  );
}
