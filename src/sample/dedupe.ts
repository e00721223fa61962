/**
 * Duplicate detection by `eventID` with bounded memory. CloudTrail can deliver an event more than once; the
 * copies share `eventID`. A `Set<string>` of UUIDs costs ~100 bytes an entry; this keeps a 64-bit hash of each id
 * in an open-addressing table of two Uint32 lanes (16 bytes a slot at load ≤ 0.5), so 10 million ids take
 * ~256 MB at most and the chance of any false "duplicate" among 10 million ids is ~3·10⁻⁶.
 * Past `maxIds` new ids are no longer remembered (dedupe becomes partial) and `saturated` says so.
 */

/** Default bound: 20 million ids (≈ 512 MB of table at worst); a month of a busy bucket is within it. */
export const DEFAULT_MAX_EVENT_IDS = 20_000_000;

export class EventIdSet {
  private hi: Uint32Array;
  private lo: Uint32Array;
  private mask: number;
  private used = 0;
  /** True once an id was not remembered because the bound was reached. */
  saturated = false;

  constructor(readonly maxIds: number = DEFAULT_MAX_EVENT_IDS, initialSlots = 1 << 16) {
    this.hi = new Uint32Array(initialSlots);
    this.lo = new Uint32Array(initialSlots);
    this.mask = initialSlots - 1;
  }

  get size(): number {
    return this.used;
  }

  /** Adds the id; returns false when it was already present (a duplicate). */
  add(id: string): boolean {
    // Two independent 32-bit FNV-1a style hashes; (0,0) marks an empty slot, so remap it.
    let h1 = 0x811c9dc5;
    let h2 = 0x01000193 ^ id.length;
    for (let i = 0; i < id.length; i++) {
      const c = id.charCodeAt(i);
      h1 = Math.imul(h1 ^ c, 0x01000193);
      h2 = Math.imul(h2 ^ c, 0x5bd1e995) ^ (h2 >>> 15);
    }
    h1 >>>= 0;
    h2 = (h2 ^ (h2 >>> 13)) >>> 0;
    if (h1 === 0 && h2 === 0) h2 = 1;
    let slot = (h1 ^ Math.imul(h2, 0x9e3779b1)) & this.mask;
    for (;;) {
      const a = this.hi[slot];
      const b = this.lo[slot];
      if (a === 0 && b === 0) break;
      if (a === h1 && b === h2) return false;
      slot = (slot + 1) & this.mask;
    }
    if (this.used >= this.maxIds) {
      this.saturated = true;
      return true;
    }
    this.hi[slot] = h1;
    this.lo[slot] = h2;
    this.used++;
    if (this.used * 2 > this.hi.length) this.grow();
    return true;
  }

  private grow(): void {
    const oldHi = this.hi;
    const oldLo = this.lo;
    const size = oldHi.length * 2;
    this.hi = new Uint32Array(size);
    this.lo = new Uint32Array(size);
    this.mask = size - 1;
    for (let i = 0; i < oldHi.length; i++) {
      const a = oldHi[i];
      const b = oldLo[i];
      if (a === 0 && b === 0) continue;
      let slot = (a ^ Math.imul(b, 0x9e3779b1)) & this.mask;
      while (this.hi[slot] !== 0 || this.lo[slot] !== 0) slot = (slot + 1) & this.mask;
      this.hi[slot] = a;
      this.lo[slot] = b;
    }
  }
}
