/**
 * 32-bit FNV-1a over the UTF-16 code units of `text`, as 8 lowercase hex digits. Pure and
 * synchronous so it runs in the browser too; used to give synthesised execution ARNs a
 * stable content suffix, not for security.
 */
export function hashText(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(16).padStart(8, "0");
}
