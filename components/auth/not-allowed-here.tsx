"use client";

import { usePathname } from "next/navigation";
import { pageRole } from "@/lib/auth/page-roles";
import { useActor } from "./actor-context";
import { NotAllowed } from "./not-allowed";

/** The 401/403 screen of a page: which role the page at this address needs, and who is signed in. */
export function NotAllowedHere() {
  const pathname = usePathname();
  const actor = useActor();
  return <NotAllowed needed={pageRole(pathname)} name={actor.name} />;
}
