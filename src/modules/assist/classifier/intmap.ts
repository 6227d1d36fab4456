// Open-addressing hash map from nonzero int32 keys to non-negative int32 ids. Char-gram keys are
// small integers, and bulk vectorisation does one lookup per character occurrence, so this flat
// table (no per-entry objects) is several times cheaper than a Map there.
export class IntIdMap {
  private keys: Int32Array;
  private vals: Int32Array;
  private mask: number;
  size = 0;

  constructor(capacity = 1 << 16) {
    let cap = 16;
    while (cap < capacity) cap <<= 1;
    this.keys = new Int32Array(cap);
    this.vals = new Int32Array(cap);
    this.mask = cap - 1;
  }

  private slot(k: number): number {
    let i = Math.imul(k, 0x9e3779b1) >>> 0;
    i = (i ^ (i >>> 15)) & this.mask;
    while (this.keys[i] !== 0 && this.keys[i] !== k) i = (i + 1) & this.mask;
    return i;
  }

  /** id of key k (k ≠ 0), or -1 */
  get(k: number): number {
    const i = this.slot(k);
    return this.keys[i] === k ? this.vals[i] : -1;
  }

  set(k: number, v: number): void {
    if (k === 0) throw new Error('IntIdMap keys must be nonzero');
    const i = this.slot(k);
    if (this.keys[i] !== k) {
      this.keys[i] = k;
      this.size++;
    }
    this.vals[i] = v;
    if (this.size * 2 > this.mask) this.rehash();
  }

  private rehash(): void {
    const { keys, vals } = this;
    this.keys = new Int32Array(keys.length * 2);
    this.vals = new Int32Array(keys.length * 2);
    this.mask = this.keys.length - 1;
    for (let i = 0; i < keys.length; i++) {
      if (keys[i] === 0) continue;
      const j = this.slot(keys[i]);
      this.keys[j] = keys[i];
      this.vals[j] = vals[i];
    }
  }
}
