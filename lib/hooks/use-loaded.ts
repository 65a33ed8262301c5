"use client";

import { useEffect, useState } from "react";

/**
 * What `load` resolves to (a component from a chunk of its own), asked for once `wanted` and
 * kept; null until then. Unlike `next/dynamic` (React.lazy), the caller never suspends, so
 * React never holds the content back behind its Suspense reveal throttle (up to 300 ms).
 * `load` must be the same function on every render (declare it at module level).
 */
export function useLoaded<T>(load: () => Promise<T>, wanted: boolean): T | null {
  const [loaded, setLoaded] = useState<{ readonly value: T } | null>(null);
  useEffect(() => {
    if (!wanted || loaded) return;
    let live = true;
    void load().then((value) => {
      if (live) setLoaded({ value });
    });
    return () => {
      live = false;
    };
  }, [wanted, loaded, load]);
  return loaded?.value ?? null;
}
