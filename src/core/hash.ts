// A fast, pure 64-bit content hash (two 32-bit lanes) for dataset version ids; not for security.

/** One encoder for every hash: making one per call cost about as much as hashing a small image's label. */
const UTF8 = new TextEncoder();

export class ContentHash {
  private h1 = 0xdeadbeef;
  private h2 = 0x41c6ce57;

  update(bytes: Uint8Array): this {
    let h1 = this.h1;
    let h2 = this.h2;
    for (let i = 0; i < bytes.length; i++) {
      const b = bytes[i] as number;
      h1 = Math.imul(h1 ^ b, 2654435761);
      h2 = Math.imul(h2 ^ b, 1597334677);
    }
    this.h1 = h1;
    this.h2 = h2;
    return this;
  }

  updateText(text: string): this {
    return this.update(UTF8.encode(text + '\u0000'));
  }

  /** 16 hex digits. */
  digest(): string {
    let h1 = this.h1;
    let h2 = this.h2;
    h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
    h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
    return (h2 >>> 0).toString(16).padStart(8, '0') + (h1 >>> 0).toString(16).padStart(8, '0');
  }
}
