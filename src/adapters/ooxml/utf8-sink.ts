/**
 * Text written out as UTF-8 in pieces: the assessed sheet and the tool's sheets, which at 50 000
 * rows are some 140 and 15 MB of XML, never sit whole in memory as text or as bytes.
 */
import type { DeflatedData, PartDeflater } from './zip';

/** Piece size of the sheet's UTF-8: a piece the deflater compresses on its own (Node's thread pool). */
const UTF8_PIECE = 4 * 1024 * 1024;

/**
 * Text as UTF-8 in pieces of 4 MB, encoded straight into them. With a deflater each full piece is
 * handed over and only the compressed data stays; without one the pieces are joined once at the end.
 */
export class Utf8Sink {
  private readonly encoder = new TextEncoder();
  private readonly pieces: Uint8Array[] = [];
  private piece: Uint8Array = new Uint8Array(UTF8_PIECE);
  private used = 0;
  private pending: string[] = [];
  private pendingLength = 0;

  constructor(private readonly deflater: PartDeflater | null) {}

  add(s: string): void {
    if (s.length === 0) return;
    this.pending.push(s);
    this.pendingLength += s.length;
    // Joined first: one encodeInto per 16 k characters instead of one per cell. Small enough that the
    // joined text stays in V8's young generation (joins of 256 k went to the large-object space, some
    // 56 MB of it at 10 000 rows, and brought on full collections).
    if (this.pendingLength > 1 << 14) this.encodePending();
  }

  private encodePending(): void {
    if (this.pending.length === 0) return;
    let s = this.pending.join('');
    this.pending = [];
    this.pendingLength = 0;
    for (;;) {
      const { read, written } = this.encoder.encodeInto(s, this.piece.subarray(this.used));
      this.used += written;
      if (read === s.length) return;
      s = s.slice(read);
      this.handOver();
    }
  }

  /** A promise to wait for when the deflater has too many pieces in hand. */
  ready(): Promise<void> | null {
    return this.deflater?.ready() ?? null;
  }

  private handOver(): void {
    if (this.used === 0) return;
    const full = this.piece.subarray(0, this.used);
    if (this.deflater) this.deflater.push(full);
    else this.pieces.push(full);
    this.piece = this.deflater?.take?.(UTF8_PIECE) ?? new Uint8Array(UTF8_PIECE);
    this.used = 0;
  }

  finish(): Uint8Array | DeflatedData {
    this.encodePending();
    if (this.deflater) {
      this.handOver();
      return this.deflater.finish();
    }
    const last = this.piece.subarray(0, this.used);
    if (this.pieces.length === 0) return last.slice();
    this.pieces.push(last);
    let total = 0;
    for (const c of this.pieces) total += c.length;
    const out = new Uint8Array(total);
    let at = 0;
    for (const c of this.pieces) {
      out.set(c, at);
      at += c.length;
    }
    this.pieces.length = 0;
    return out;
  }
}
