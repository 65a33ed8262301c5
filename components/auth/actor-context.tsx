"use client";

import { createContext, useContext, useMemo, type ReactNode } from "react";

export type ViewerRole = "viewer" | "operator" | "admin";
const order: readonly ViewerRole[] = ["viewer", "operator", "admin"];

export interface ViewerIdentity {
  name: string;
  role: ViewerRole | null;
  via: "session" | "proxy" | "anonymous" | "cli" | "system";
}

interface ActorValue extends ViewerIdentity {
  /** Whether the viewer holds at least `role` (the server checks again on every request). */
  can(role: ViewerRole): boolean;
}

const ActorContext = createContext<ActorValue | null>(null);

export function ActorProvider({ identity, children }: { identity: ViewerIdentity; children: ReactNode }) {
  const value = useMemo<ActorValue>(
    () => ({
      ...identity,
      can: (role) => identity.role !== null && order.indexOf(identity.role) >= order.indexOf(role),
    }),
    [identity],
  );
  return <ActorContext.Provider value={value}>{children}</ActorContext.Provider>;
}

/** The signed-in user (or the anonymous visitor) of this page. */
export function useActor(): ActorValue {
  const value = useContext(ActorContext);
  if (!value) throw new Error("useActor outside ActorProvider");
  return value;
}
