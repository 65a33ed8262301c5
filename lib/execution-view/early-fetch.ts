import { fetchJson } from "@/lib/api-client/fetch-json";

/** Where the page's inline script leaves its responses (one use each). */
const slot = "__stepscopeEarly";

/**
 * An inline script that starts GETs of `urls` while the HTML is still being parsed, before
 * the page's scripts load and hydrate. React's `preload(…, { as: "fetch" })` from a server
 * component reaches the browser only in the RSC payload, which is read after hydration
 * starts: on a busy machine that put the 1.8 MB state runs a second late.
 */
export function earlyFetchScript(urls: readonly string[]): string {
  return `(function(){var w=window,s=w.${slot}=w.${slot}||{};${JSON.stringify(urls)}.forEach(function(u){s[u]=fetch(u,{headers:{accept:"application/json"}}).catch(function(){return null})})})();`;
}

/**
 * `fetchJson(url)`, answered by the inline script's request when one was started for
 * `url` and not used yet (so a later refetch, e.g. live polling, asks the server anew).
 * A failed early request is retried normally, which yields the API's own error message.
 */
export async function fetchJsonEarly<T>(url: string): Promise<T> {
  const started =
    typeof window === "undefined"
      ? undefined
      : (window as unknown as Record<string, Record<string, Promise<Response | null>> | undefined>)[slot];
  const early = started?.[url];
  if (early && started) {
    delete started[url];
    const res = await early;
    if (res?.ok) return (await res.json()) as T;
  }
  return fetchJson<T>(url);
}
