// A Float64Array matrix of rows × cols that can gain rows (new vocabulary terms) cheaply,
// plus base64 (de)serialisation of Float32 copies so models stay small in JSON.

export class RowMatrix {
  data: Float64Array | Float32Array;
  rows: number;
  /** float32 halves memory traffic and makes the JSON round trip exact */
  constructor(rows: number, readonly cols: number, readonly f32 = false, data?: Float64Array | Float32Array) {
    this.rows = rows;
    this.data = data ?? this.alloc(Math.max(rows, 16) * cols);
  }

  private alloc(n: number): Float64Array | Float32Array {
    return this.f32 ? new Float32Array(n) : new Float64Array(n);
  }

  /** make room for at least `rows` rows (new rows are zero) */
  grow(rows: number): void {
    if (rows <= this.rows) return;
    if (rows * this.cols > this.data.length) {
      const next = this.alloc(Math.max(rows, Math.ceil(this.rows * 1.5)) * this.cols);
      next.set(this.data.subarray(0, this.rows * this.cols));
      this.data = next;
    }
    this.rows = rows;
  }

  toBase64(): string {
    const f = Float32Array.from(this.data.subarray(0, this.rows * this.cols));
    return Buffer.from(f.buffer, f.byteOffset, f.byteLength).toString('base64');
  }

  static fromBase64(s: string, rows: number, cols: number, f32 = false): RowMatrix {
    const buf = Buffer.from(s, 'base64');
    const f = new Float32Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength));
    if (f.length !== rows * cols) throw new Error(`model matrix has ${f.length} values, expected ${rows * cols}`);
    return new RowMatrix(rows, cols, f32, f32 ? f : Float64Array.from(f));
  }
}

/** Deterministic PRNG (mulberry32) so training and cross-validation are reproducible. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function shuffle<T>(a: T[], rand: () => number): T[] {
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}

export function softmax(z: ArrayLike<number>): Float64Array {
  let m = -Infinity;
  for (let i = 0; i < z.length; i++) if (z[i] > m) m = z[i];
  const p = new Float64Array(z.length);
  let s = 0;
  for (let i = 0; i < z.length; i++) s += p[i] = Math.exp(z[i] - m);
  for (let i = 0; i < z.length; i++) p[i] /= s;
  return p;
}
