"use client";

import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { useEffect, useState, type ReactNode } from "react";
import { TimeZoneProvider } from "@/components/time/time-zone-context";

export function Providers({ children }: { children: ReactNode }) {
  const [client] = useState(
    () => new QueryClient({ defaultOptions: { queries: { staleTime: 10_000, refetchOnWindowFocus: false } } }),
  );
  // From here on React handles the filter forms (see the root layout's script).
  useEffect(() => document.documentElement.setAttribute("data-hydrated", ""), []);
  return (
    <QueryClientProvider client={client}>
      <TimeZoneProvider>{children}</TimeZoneProvider>
    </QueryClientProvider>
  );
}
