/** The app's sections, in navigation order. */
export const navItems = [
  { href: "/", label: "Overview", key: "g o" },
  { href: "/executions", label: "Executions", key: "g e" },
  { href: "/state-machines", label: "State machines", key: "g m" },
  { href: "/failures", label: "Failures", key: "g f" },
  { href: "/costs", label: "Costs", key: "g c" },
  { href: "/sources", label: "Sources", key: "g s" },
  { href: "/local-runs", label: "Local runs", key: "g l" },
] as const;
