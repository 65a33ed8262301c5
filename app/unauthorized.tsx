import { NotAllowedHere } from "@/components/auth/not-allowed-here";

// Nobody is signed in and the anonymous role cannot read the page (requirePageRole answered
// 401). With anonymous access off the root layout shows the sign-in form in its place.
export default function Unauthorized() {
  return <NotAllowedHere />;
}
