// Raw xattr values from a tar's PAX headers. tar-stream decodes PAX values as UTF-8, which
// corrupts binary ones such as security.capability (file capabilities: ping's cap_net_raw).
// This tracker walks the same bytes tar-stream parses (fed by the hashing stage, which runs
// first) and queues, per entry, the SCHILY.xattr.* values as bytes (LIBARCHIVE.xattr.* too,
// base64) together with the entry's name, so the unpacker can check it pairs them right.
const BLOCK = 512;

export interface RawEntryXattrs {
  name: string;
  xattrs: Map<string, Buffer>;
}

function octal(buf: Buffer, off: number, len: number): number {
  if (buf[off] & 0x80) {
    // base-256 (GNU) for sizes past 8 GiB
    let n = 0;
    for (let i = off + 1; i < off + len; i++) n = n * 256 + buf[i];
    return n;
  }
  const s = buf.toString('latin1', off, off + len).replace(/\0.*$/s, '').trim();
  return s ? parseInt(s, 8) : 0;
}

function cstr(buf: Buffer, off: number, len: number): string {
  const end = buf.indexOf(0, off);
  return buf.toString('utf8', off, end < 0 || end > off + len ? off + len : end);
}

/** "len key=value\n" records; values kept as bytes. */
export function parsePaxRecords(data: Buffer): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  let off = 0;
  while (off < data.length) {
    const sp = data.indexOf(0x20, off);
    if (sp < 0) break;
    const len = parseInt(data.toString('latin1', off, sp), 10);
    if (!Number.isFinite(len) || len <= 0 || off + len > data.length) break;
    const rec = data.subarray(sp + 1, off + len - 1);
    const eq = rec.indexOf(0x3d);
    if (eq > 0) out.set(rec.toString('utf8', 0, eq), Buffer.from(rec.subarray(eq + 1)));
    off += len;
  }
  return out;
}

export class PaxXattrTracker {
  private pending: Buffer = Buffer.alloc(0);
  private skip = 0;
  private capture: { kind: 'pax' | 'longname'; size: number; pad: number; parts: Buffer[]; got: number } | undefined;
  private pax: Map<string, Buffer> | undefined;
  private longName: string | undefined;
  private readonly queue: RawEntryXattrs[] = [];

  feed(chunk: Buffer): void {
    this.pending = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
    let off = 0;
    for (;;) {
      if (this.skip > 0) {
        const n = Math.min(this.skip, this.pending.length - off);
        this.skip -= n;
        off += n;
        if (this.skip > 0) break;
      }
      if (this.capture) {
        const c = this.capture;
        const n = Math.min(c.size - c.got, this.pending.length - off);
        c.parts.push(this.pending.subarray(off, off + n));
        c.got += n;
        off += n;
        if (c.got < c.size) break;
        this.finishCapture(Buffer.concat(c.parts), c.kind);
        this.capture = undefined;
        this.skip = c.pad;
        continue;
      }
      if (this.pending.length - off < BLOCK) break;
      this.header(this.pending.subarray(off, off + BLOCK));
      off += BLOCK;
    }
    this.pending = Buffer.from(this.pending.subarray(off));
  }

  /** The next entry's raw xattrs, in archive order. */
  shift(): RawEntryXattrs | undefined {
    return this.queue.shift();
  }

  private finishCapture(data: Buffer, kind: 'pax' | 'longname'): void {
    if (kind === 'longname') this.longName = cstr(data, 0, data.length);
    else this.pax = parsePaxRecords(data);
  }

  private header(h: Buffer): void {
    if (h.every((b) => b === 0)) return;
    const type = String.fromCharCode(h[156]);
    let size = octal(h, 124, 12);
    const pad = (BLOCK - (size % BLOCK)) % BLOCK;
    if (type === 'x' || type === 'L') {
      this.capture = { kind: type === 'x' ? 'pax' : 'longname', size, pad, parts: [], got: 0 };
      if (size === 0) { this.capture = undefined; this.skip = pad; }
      return;
    }
    if (type === 'g' || type === 'K') { this.skip = size + pad; return; }
    const pax = this.pax ?? new Map<string, Buffer>();
    const ustar = h.toString('latin1', 257, 263) === 'ustar\0';
    const base = cstr(h, 0, 100);
    const name = pax.get('path')?.toString('utf8') ?? this.longName ?? (ustar && h[345] ? `${cstr(h, 345, 155)}/${base}` : base);
    const xattrs = new Map<string, Buffer>();
    for (const [k, v] of pax) {
      if (k.startsWith('SCHILY.xattr.')) xattrs.set(k.slice('SCHILY.xattr.'.length), v);
      else if (k.startsWith('LIBARCHIVE.xattr.')) xattrs.set(decodeURIComponent(k.slice('LIBARCHIVE.xattr.'.length)), Buffer.from(v.toString('latin1'), 'base64'));
    }
    this.queue.push({ name, xattrs });
    if (pax.has('size')) size = parseInt(pax.get('size')!.toString('latin1'), 10) || 0;
    this.pax = undefined;
    this.longName = undefined;
    // As tar-stream: every entry but a directory (or an old-style "name/" file) has its data.
    const isDir = type === '5' || ((type === '0' || type === '\0') && name.endsWith('/'));
    const hasData = !isDir;
    this.skip = hasData ? size + ((BLOCK - (size % BLOCK)) % BLOCK) : 0;
  }
}
