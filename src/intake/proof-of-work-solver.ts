/**
 * The tipster's side of the public form's proof of work, shared by the console's tip form and
 * the tests: find a nonce such that SHA-256(`challenge:nonce`) starts with `difficulty` zero
 * bits. Web Crypto only (no Node imports), so the browser bundles this very file.
 */

/** Leading zero bits of a digest. */
export function leadingZeroBits(digest: Uint8Array): number {
  let bits = 0;
  for (const byte of digest) {
    if (byte === 0) {
      bits += 8;
      continue;
    }
    return bits + Math.clz32(byte) - 24;
  }
  return bits;
}

/** The header's value for a solved challenge. */
export const proofOfWorkHeader = (challenge: string, nonce: number) => `${challenge}:${nonce}`;

/**
 * Tries nonces 0, 1, 2… in batches (Web Crypto digests are asynchronous: a batch in flight at
 * once is several times faster than one at a time). About 2^difficulty tries on average.
 */
export async function solveProofOfWork(challenge: string, difficulty: number, batch = 512): Promise<number> {
  const encoder = new TextEncoder();
  for (let base = 0; ; base += batch) {
    const digests = await Promise.all(
      Array.from({ length: batch }, (_, i) =>
        globalThis.crypto.subtle.digest("SHA-256", encoder.encode(proofOfWorkHeader(challenge, base + i))),
      ),
    );
    const found = digests.findIndex((digest) => leadingZeroBits(new Uint8Array(digest)) >= difficulty);
    if (found >= 0) return base + found;
  }
}
