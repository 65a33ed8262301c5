import Link from "next/link";

export default function NotFound() {
  return (
    <div className="mx-auto mt-16 max-w-lg rounded border border-zinc-300 p-6 dark:border-zinc-700">
      <h1 className="text-base font-medium">Not found</h1>
      <p className="mt-2 text-zinc-600 dark:text-zinc-400">
        Nothing is stored under this address. It may not have been imported or collected yet.
      </p>
      <Link href="/executions" className="mt-4 inline-block text-blue-700 underline dark:text-blue-400">
        All executions
      </Link>
    </div>
  );
}
