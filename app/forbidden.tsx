import { NotAllowedHere } from "@/components/auth/not-allowed-here";

// A signed-in user whose role is too weak for the page (requirePageRole answered 403).
export default function Forbidden() {
  return <NotAllowedHere />;
}
