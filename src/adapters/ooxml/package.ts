/**
 * The OPC package: zip entries by part name (case-insensitive, as OPC says), relationships
 * with absolute (`/xl/…`, openpyxl) and relative targets, content types, and the parts the
 * port replaces, adds or removes. Everything else is copied as stored.
 */
import { WorkbookError } from '../../core';
import { entryData, readZip, writeZip, writeZipAsync, type Codec, type DeflatedData, type InflateBudget, type ZipArchive, type ZipEntry, type ZipOutput } from './zip';
import { NS, attr, decodePart, encodePart, escapeAttr, parseXml, strictRelType, tagStart, transitionalRelType } from './xml';
import { splice, type Replacement } from './splice';

export interface Relationship {
  id: string;
  type: string;
  /** The zip entry name the target resolves to (no leading slash), or null for an external target. */
  part: string | null;
  target: string;
}

const CONTENT_TYPES = '[Content_Types].xml';

/** The zip name of a part from a relationship target, relative to the source part's folder. */
export function resolveTarget(source: string, target: string): string {
  let t = target.split('#')[0];
  try {
    t = decodeURIComponent(t);
  } catch {
    // A stray % is a literal character in the name.
  }
  const baseParts = t.startsWith('/') ? [] : source.split('/').slice(0, -1);
  for (const seg of t.replace(/\\/gu, '/').split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') baseParts.pop();
    else baseParts.push(seg);
  }
  return baseParts.join('/');
}

/** `xl/workbook.xml` → `xl/_rels/workbook.xml.rels`. */
export function relsPartOf(part: string): string {
  const slash = part.lastIndexOf('/');
  return `${part.slice(0, slash + 1)}_rels/${part.slice(slash + 1)}.rels`;
}

/** A target for `to` written relative to the folder of `from`, as Excel writes them. */
export function relativeTarget(from: string, to: string): string {
  const a = from.split('/').slice(0, -1);
  const b = to.split('/');
  let i = 0;
  while (i < a.length && i < b.length - 1 && a[i] === b[i]) i++;
  return [...a.slice(i).map(() => '..'), ...b.slice(i)].join('/');
}

export class OpcPackage {
  private readonly byName = new Map<string, ZipEntry>();
  private readonly replaced = new Map<string, Uint8Array | DeflatedData>();
  private readonly added: { name: string; data: Uint8Array | DeflatedData }[] = [];
  private readonly removed = new Set<string>();
  private readonly relsCache = new Map<string, Relationship[]>();
  /** A Strict Open XML package: relationships the port adds get Strict types (read ones are always seen as transitional). */
  strict = false;
  /** What the parts read so far inflated to, against LIMITS.totalBytes. */
  private readonly budget: InflateBudget = { used: 0, counted: new Set() };

  private constructor(
    readonly zip: ZipArchive,
    readonly codec: Codec | undefined,
  ) {
    for (const e of zip.entries) {
      if (e.name.endsWith('/')) continue;
      const key = e.name.toLowerCase();
      // Readers disagree on which of two same-named entries is the part (OPC names ignore case).
      if (this.byName.has(key)) {
        throw new WorkbookError(`Arbetsboken har två delar med namnet ${e.name}, så det går inte att veta vilken som gäller; arbetsboken läses inte.`);
      }
      this.byName.set(key, e);
    }
  }

  static open(bytes: Uint8Array, codec?: Codec): OpcPackage {
    return new OpcPackage(readZip(bytes), codec);
  }

  has(part: string): boolean {
    const key = part.toLowerCase();
    return (this.byName.has(key) && !this.removed.has(key)) || this.added.some((a) => a.name.toLowerCase() === key);
  }

  /** The stored name of a part (as the zip spells it). */
  nameOf(part: string): string | null {
    return this.byName.get(part.toLowerCase())?.name ?? this.added.find((a) => a.name.toLowerCase() === part.toLowerCase())?.name ?? null;
  }

  bytes(part: string): Uint8Array {
    const key = part.toLowerCase();
    const written = this.replaced.get(key) ?? this.added.find((a) => a.name.toLowerCase() === key)?.data;
    if (written instanceof Uint8Array) return written;
    // Deflated as it was written (the assessed sheet on the command line): the port never reads it back.
    if (written) throw new Error(`Internt fel: delen ${part} komprimerades när den skrevs och kan inte läsas igen.`);
    const e = this.byName.get(key);
    if (!e) throw new WorkbookError(`Arbetsboken saknar delen ${part} och kan inte läsas.`);
    return entryData(this.zip, e, this.codec, this.budget);
  }

  text(part: string): string {
    return decodePart(this.bytes(part), part);
  }

  /** Replaces an existing part's content (or adds a new part). */
  put(part: string, text: string): void {
    this.putBytes(part, encodePart(text));
  }

  /** Replaces or adds a part with its content as bytes, or as a codec's deflater compressed it while it was written. */
  putBytes(part: string, data: Uint8Array | DeflatedData): void {
    const key = part.toLowerCase();
    if (this.byName.has(key)) {
      this.replaced.set(key, data);
      this.removed.delete(key);
      return;
    }
    const add = this.added.find((a) => a.name.toLowerCase() === key);
    if (add) add.data = data;
    else this.added.push({ name: part, data });
  }

  remove(part: string): void {
    this.removed.add(part.toLowerCase());
  }

  /** The relationships of `source` (empty when it has none). */
  rels(source: string): Relationship[] {
    const relsPart = source === '' ? '_rels/.rels' : relsPartOf(source);
    const cached = this.relsCache.get(relsPart);
    if (cached) return cached;
    const out: Relationship[] = [];
    if (this.has(relsPart)) {
      parseXml(this.text(relsPart), relsPart, {
        open: (tag) => {
          if (tag.local !== 'Relationship' || tag.uri !== NS.pkgRels) return;
          const target = attr(tag, 'Target') ?? '';
          const external = attr(tag, 'TargetMode') === 'External';
          out.push({ id: attr(tag, 'Id') ?? '', type: transitionalRelType(attr(tag, 'Type') ?? ''), target, part: external ? null : resolveTarget(source, target) });
        },
      });
    }
    this.relsCache.set(relsPart, out);
    return out;
  }

  /** Adds a relationship from `source` to `part` and returns its id. */
  addRel(source: string, type: string, part: string): string {
    const relsPart = relsPartOf(source);
    const existing = this.rels(source);
    let n = existing.length + 1;
    while (existing.some((r) => r.id === `rId${n}`)) n++;
    const id = `rId${n}`;
    const target = relativeTarget(source, part);
    const element = `<Relationship Id="${id}" Type="${escapeAttr(this.strict ? strictRelType(type) : type)}" Target="${escapeAttr(target)}"/>`;
    if (this.has(relsPart)) this.put(relsPart, insertBeforeRootEnd(this.text(relsPart), relsPart, element));
    else this.put(relsPart, `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="${NS.pkgRels}">${element}</Relationships>`);
    existing.push({ id, type, target, part });
    return id;
  }

  /** Removes the relationships from `source` of the given type. */
  removeRels(source: string, type: string): void {
    const relsPart = relsPartOf(source);
    if (!this.has(relsPart)) return;
    const text = this.text(relsPart);
    const cuts: Replacement[] = [];
    parseXml(text, relsPart, {
      open: (tag, end) => {
        if (tag.local === 'Relationship' && tag.uri === NS.pkgRels && transitionalRelType(attr(tag, 'Type') ?? '') === type) cuts.push({ from: tagStart(text, end), to: end, text: '' });
      },
      close: (tag, end) => {
        // `<Relationship …></Relationship>` spelled out: extend the cut over the end tag.
        const last = cuts[cuts.length - 1];
        if (tag.local === 'Relationship' && last && last.to < end && !tag.isSelfClosing && text.slice(last.to, end).trim().startsWith('</')) last.to = end;
      },
    });
    this.put(relsPart, splice(text, cuts));
    this.relsCache.set(relsPart, this.rels(source).filter((r) => r.type !== type));
  }

  /** Content type of a part: its Override, else the Default for its extension. */
  contentType(part: string): string | null {
    const text = this.text(CONTENT_TYPES);
    let override: string | null = null;
    let byExt: string | null = null;
    const ext = part.slice(part.lastIndexOf('.') + 1).toLowerCase();
    parseXml(text, CONTENT_TYPES, {
      open: (tag) => {
        if (tag.uri !== NS.contentTypes) return;
        if (tag.local === 'Override' && resolveTarget('', attr(tag, 'PartName') ?? '').toLowerCase() === part.toLowerCase()) {
          override = attr(tag, 'ContentType') ?? null;
        }
        if (tag.local === 'Default' && (attr(tag, 'Extension') ?? '').toLowerCase() === ext) byExt = attr(tag, 'ContentType') ?? null;
      },
    });
    return override ?? byExt;
  }

  addContentTypeOverride(part: string, contentType: string): void {
    const element = `<Override PartName="/${escapeAttr(part)}" ContentType="${escapeAttr(contentType)}"/>`;
    this.put(CONTENT_TYPES, insertBeforeRootEnd(this.text(CONTENT_TYPES), CONTENT_TYPES, element));
  }

  removeContentTypeOverride(part: string): void {
    const text = this.text(CONTENT_TYPES);
    const cuts: Replacement[] = [];
    parseXml(text, CONTENT_TYPES, {
      open: (tag, end) => {
        if (tag.local === 'Override' && tag.uri === NS.contentTypes && resolveTarget('', attr(tag, 'PartName') ?? '').toLowerCase() === part.toLowerCase()) {
          cuts.push({ from: tagStart(text, end), to: end, text: '' });
        }
      },
    });
    this.put(CONTENT_TYPES, splice(text, cuts));
  }

  /** Parts this port changed, added or removed (for tests and reports). */
  changedParts(): string[] {
    const names = [...this.replaced.keys()].map((k) => this.byName.get(k)!.name);
    return [...names, ...this.added.map((a) => a.name), ...[...this.removed].map((k) => this.byName.get(k)?.name ?? k)];
  }

  save(codec = this.codec): Uint8Array {
    return writeZip(this.zip, this.outputs(), codec);
  }

  /** As save, the new parts deflated off the main thread where the codec can (Node). */
  saveAsync(codec = this.codec): Promise<Uint8Array> {
    return writeZipAsync(this.zip, this.outputs(), codec);
  }

  private outputs(): ZipOutput[] {
    const outputs: ZipOutput[] = [];
    for (const e of this.zip.entries) {
      const key = e.name.toLowerCase();
      if (this.removed.has(key)) continue;
      const rep = this.replaced.get(key);
      outputs.push(rep ? written(e.name, rep) : { kind: 'copy', entry: e });
    }
    for (const a of this.added) {
      if (!this.removed.has(a.name.toLowerCase())) outputs.push(written(a.name, a.data));
    }
    return outputs;
  }
}

function written(name: string, data: Uint8Array | DeflatedData): ZipOutput {
  return data instanceof Uint8Array ? { kind: 'new', name, data } : { kind: 'deflated', name, data };
}

/** Inserts `xml` just before the root element's end tag (a self-closing root is opened up). */
export function insertBeforeRootEnd(text: string, part: string, xml: string): string {
  let depth = 0;
  let rootEnd = -1;
  let rootSelfClosing = false;
  let rootStartEnd = -1;
  let rootName = '';
  parseXml(text, part, {
    open: (tag, end) => {
      if (depth === 0) {
        rootStartEnd = end;
        rootSelfClosing = tag.isSelfClosing;
        rootName = tag.name;
      }
      depth++;
    },
    close: (_tag, end) => {
      depth--;
      if (depth === 0) rootEnd = end;
    },
  });
  if (rootSelfClosing) {
    const start = tagStart(text, rootStartEnd);
    const open = text.slice(start, rootStartEnd).replace(/\s*\/>$/u, '>');
    return splice(text, [{ from: start, to: rootStartEnd, text: `${open}${xml}</${rootName}>` }]);
  }
  const closeStart = text.lastIndexOf('</', rootEnd);
  return splice(text, [{ from: closeStart, to: closeStart, text: xml }]);
}
