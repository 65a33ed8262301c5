import { ApiError } from "./api-error";

/** GETs JSON from the app's API; a non-2xx answer throws an {@link ApiError} with the API's own message and details. */
export async function fetchJson<T>(url: string, init?: RequestInit): Promise<T> {
  const res = await fetch(url, { ...init, headers: { accept: "application/json", ...init?.headers } });
  const body: unknown = await res.json().catch(() => null);
  if (!res.ok) {
    const error = (body as { error?: { message?: string; details?: unknown } } | null)?.error;
    throw new ApiError(error?.message ?? `${res.status} ${res.statusText}`, res.status, error?.details);
  }
  return body as T;
}
