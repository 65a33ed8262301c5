import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { hashText } from "./hash";

const node = { MD5: "md5", "SHA-1": "sha1", "SHA-256": "sha256", "SHA-384": "sha384", "SHA-512": "sha512" } as const;

describe("hashText", () => {
  it.each(["", "abc", "Hash this string", "héllo wörld ✓", "x".repeat(1000)])(
    "gives the same digests as Node's crypto for %j",
    (text) => {
      for (const [algorithm, name] of Object.entries(node)) {
        expect(hashText(text, algorithm as keyof typeof node), algorithm).toBe(
          createHash(name).update(text, "utf8").digest("hex"),
        );
      }
    },
  );
});
