"use client";

import { useSyncExternalStore } from "react";

const noSubscription = () => () => {};

/**
 * False on the server and while the page hydrates, true once rendered in the browser. For what
 * the server cannot draw the same way (the reader's time zone, a refetch that starts as the
 * page hydrates): draw it only once this is true, so hydration meets the server's HTML.
 */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    noSubscription,
    () => true,
    () => false,
  );
}
