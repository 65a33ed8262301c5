/** The app's sections, in navigation order; `role`: shown only to that role and above. */
export const navItems: readonly { href: string; label: string; key: string; role?: "operator" | "admin" }[] = [
  { href: "/", label: "Overview", key: "g o" },
  { href: "/executions", label: "Executions", key: "g e" },
  { href: "/state-machines", label: "State machines", key: "g m" },
  { href: "/failures", label: "Failures", key: "g f" },
  { href: "/costs", label: "Costs", key: "g c" },
  { href: "/sources", label: "Sources", key: "g s" },
  { href: "/local-runs", label: "Local runs", key: "g l" },
  { href: "/alerts", label: "Alerts", key: "g r" },
  { href: "/audit", label: "Audit log", key: "g a", role: "operator" },
  { href: "/users", label: "Users", key: "g u", role: "admin" },
];
