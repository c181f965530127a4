/**
 * A deterministic, strict POSIX ustar archive: the bundle's container.
 *
 * Writing: entries sorted by path, regular files only, every header field fixed (mode 0644, uid/gid
 * 0, empty owner names, mtime 0), so the same files always give the same bytes — and the same
 * digest — whoever builds them, on any machine. Uncompressed on purpose: gzip output depends on the
 * compressor's version, which would break reproducibility across builders.
 *
 * Reading is for untrusted input (a runner reads what a registry served): header checksums are
 * verified, only regular files with safe relative paths are accepted (no `..`, no absolute paths,
 * no links, devices or PAX extensions), duplicates are refused, sizes are capped, and the archive
 * must be in our canonical order — a reader never guesses.
 */

const BLOCK = 512;
const encoder = new TextEncoder();
const decoder = new TextDecoder("utf-8", { fatal: true });

export interface TarEntry {
  path: string;
  bytes: Uint8Array;
}

export class TarError extends Error {
  override readonly name = "TarError";
}

/** A path we write and accept: relative, `/`-separated, no empty, `.` or `..` segments, printable. */
export function isSafeEntryPath(path: string): boolean {
  if (path.length === 0 || path.startsWith("/") || path.endsWith("/")) return false;
  if (/[\u0000-\u001f\u007f\\]/.test(path)) return false;
  return path.split("/").every((s) => s !== "" && s !== "." && s !== "..");
}

function splitName(path: string): { name: string; prefix: string } {
  const bytes = encoder.encode(path);
  if (bytes.length <= 100) return { name: path, prefix: "" };
  // ustar: a prefix of up to 155 bytes, split at a `/`, and a name of up to 100 bytes.
  for (let i = path.lastIndexOf("/"); i > 0; i = path.lastIndexOf("/", i - 1)) {
    const prefix = path.slice(0, i);
    const name = path.slice(i + 1);
    if (encoder.encode(prefix).length <= 155 && encoder.encode(name).length <= 100) return { name, prefix };
  }
  throw new TarError(`Path "${path}" is too long for a bundle (at most 255 bytes, split at a "/").`);
}

function writeField(header: Uint8Array, offset: number, length: number, text: string): void {
  const bytes = encoder.encode(text);
  if (bytes.length > length) throw new TarError(`Tar header field too long: "${text}"`);
  header.set(bytes, offset);
}

function octal(value: number, length: number): string {
  return `${value.toString(8).padStart(length - 1, "0")}\0`;
}

function header(path: string, size: number): Uint8Array {
  const h = new Uint8Array(BLOCK);
  const { name, prefix } = splitName(path);
  writeField(h, 0, 100, name);
  writeField(h, 100, 8, octal(0o644, 8));
  writeField(h, 108, 8, octal(0, 8));
  writeField(h, 116, 8, octal(0, 8));
  writeField(h, 124, 12, octal(size, 12));
  writeField(h, 136, 12, octal(0, 12));
  h.fill(0x20, 148, 156); // checksum is computed with its own field as spaces
  h[156] = 0x30; // '0': regular file
  writeField(h, 257, 6, "ustar\0");
  writeField(h, 263, 2, "00");
  writeField(h, 329, 8, octal(0, 8));
  writeField(h, 337, 8, octal(0, 8));
  writeField(h, 345, 155, prefix);
  writeField(h, 148, 8, octal(checksum(h), 7).padEnd(8, " "));
  return h;
}

function checksum(h: Uint8Array): number {
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : h[i]!;
  return sum;
}

const padding = (size: number) => (BLOCK - (size % BLOCK)) % BLOCK;

/** The canonical archive of `entries` (sorted by path here; duplicate or unsafe paths are refused). */
export function writeTar(entries: readonly TarEntry[]): Uint8Array {
  const sorted = [...entries].sort((a, b) => compareBytes(a.path, b.path));
  let total = 2 * BLOCK;
  for (let i = 0; i < sorted.length; i++) {
    const e = sorted[i]!;
    if (!isSafeEntryPath(e.path)) throw new TarError(`Unsafe path in bundle: "${e.path}"`);
    if (i > 0 && sorted[i - 1]!.path === e.path) throw new TarError(`Duplicate path in bundle: "${e.path}"`);
    total += BLOCK + e.bytes.length + padding(e.bytes.length);
  }
  const out = new Uint8Array(total);
  let offset = 0;
  for (const e of sorted) {
    out.set(header(e.path, e.bytes.length), offset);
    offset += BLOCK;
    out.set(e.bytes, offset);
    offset += e.bytes.length + padding(e.bytes.length);
  }
  return out;
}

/** Byte order of UTF-8 paths (what `sort` gives in the C locale), independent of the host's locale. */
export function compareBytes(a: string, b: string): number {
  const x = encoder.encode(a);
  const y = encoder.encode(b);
  const n = Math.min(x.length, y.length);
  for (let i = 0; i < n; i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
  return x.length - y.length;
}

function readString(h: Uint8Array, offset: number, length: number): string {
  let end = offset;
  while (end < offset + length && h[end] !== 0) end++;
  try {
    return decoder.decode(h.subarray(offset, end));
  } catch {
    throw new TarError("Tar header holds a name that is not UTF-8.");
  }
}

function readOctal(h: Uint8Array, offset: number, length: number, field: string): number {
  const text = readString(h, offset, length).trim();
  if (!/^[0-7]{1,11}$/.test(text)) throw new TarError(`Tar header has an invalid ${field} field.`);
  return Number.parseInt(text, 8);
}

export interface ReadLimits {
  /** Largest archive accepted. */
  maxBytes: number;
  maxEntries: number;
  maxEntryBytes: number;
}

export const DEFAULT_READ_LIMITS: ReadLimits = {
  maxBytes: 64 * 1024 * 1024,
  maxEntries: 10_000,
  maxEntryBytes: 16 * 1024 * 1024,
};

/** Reads a canonical archive; anything else is a `TarError` saying what was wrong. */
export function readTar(archive: Uint8Array, limits: ReadLimits = DEFAULT_READ_LIMITS): TarEntry[] {
  if (archive.length > limits.maxBytes)
    throw new TarError(`Bundle is ${archive.length} bytes; the limit is ${limits.maxBytes}.`);
  if (archive.length % BLOCK !== 0) throw new TarError("Bundle is not a whole number of tar blocks.");
  const entries: TarEntry[] = [];
  let offset = 0;
  for (;;) {
    if (offset + BLOCK > archive.length) throw new TarError("Bundle ends without the end-of-archive marker.");
    const h = archive.subarray(offset, offset + BLOCK);
    if (h.every((b) => b === 0)) {
      const rest = archive.subarray(offset);
      if (rest.length !== 2 * BLOCK || !rest.every((b) => b === 0))
        throw new TarError("Bundle has data after its end-of-archive marker.");
      return entries;
    }
    if (readOctal(h, 148, 8, "checksum") !== checksum(h)) throw new TarError("Tar header checksum mismatch.");
    if (readString(h, 257, 6) !== "ustar" || readString(h, 263, 2) !== "00")
      throw new TarError("Bundle is not a ustar archive.");
    if (h[156] !== 0x30) throw new TarError("Bundle holds an entry that is not a regular file.");
    const name = readString(h, 0, 100);
    const prefix = readString(h, 345, 155);
    const path = prefix ? `${prefix}/${name}` : name;
    if (!isSafeEntryPath(path)) throw new TarError(`Bundle holds an unsafe path: ${JSON.stringify(path)}`);
    const size = readOctal(h, 124, 12, "size");
    if (size > limits.maxEntryBytes) throw new TarError(`Bundle entry "${path}" is larger than allowed.`);
    if (entries.length >= limits.maxEntries) throw new TarError("Bundle holds too many entries.");
    const previous = entries.at(-1);
    if (previous && compareBytes(previous.path, path) >= 0)
      throw new TarError(`Bundle entries are duplicated or out of order at "${path}".`);
    const start = offset + BLOCK;
    if (start + size > archive.length) throw new TarError(`Bundle entry "${path}" is truncated.`);
    entries.push({ path, bytes: archive.slice(start, start + size) });
    offset = start + size + padding(size);
  }
}
