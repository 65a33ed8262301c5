"use client";

import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from "react";

type Zone = "local" | "utc";
const TimeZoneContext = createContext<{ zone: Zone; toggle: () => void }>({ zone: "local", toggle: () => {} });

/** Local time by default, UTC on request; the choice persists in this browser. */
export function TimeZoneProvider({ children }: { children: ReactNode }) {
  const [zone, setZone] = useState<Zone>("local");
  useEffect(() => {
    if (window.localStorage.getItem("stepscope.zone") === "utc") setZone("utc");
  }, []);
  const toggle = useCallback(() => {
    setZone((z) => {
      const next = z === "local" ? "utc" : "local";
      window.localStorage.setItem("stepscope.zone", next);
      return next;
    });
  }, []);
  return <TimeZoneContext.Provider value={{ zone, toggle }}>{children}</TimeZoneContext.Provider>;
}

export function useTimeZone() {
  return useContext(TimeZoneContext);
}
