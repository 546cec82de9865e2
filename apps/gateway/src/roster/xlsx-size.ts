import zlib from 'node:zlib';
import { Problem, problem } from '@cadre/contracts';

/** Most an uploaded XLSX may expand to: 100,000 cadres take about 60 MB unzipped. */
export const MAX_UNZIPPED_BYTES = 200 * 1024 * 1024;
/** An XLSX of one sheet has a dozen entries; a zip of thousands is not a roster (and each costs a check). */
export const MAX_ZIP_ENTRIES = 1_000;

export interface ZipEntry {
  name: string;
  /** 0 stored, 8 deflate: the only two XLSX writers use (and exceljs/JSZip read). */
  method: number;
  compressedSize: number;
  uncompressedSize: number;
  localHeaderOffset: number;
}

export type ZipDirectory =
  { kind: 'zip'; entries: ZipEntry[] } | { kind: 'not-zip' } | { kind: 'unsupported'; reason: string };

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const EOCD_SIZE = 22;

/**
 * The entries of a zip from its central directory (APPNOTE 4.3.12/4.3.16), without inflating
 * anything: the End Of Central Directory record is found from the end (after at most a 64 KB
 * comment), then each entry's sizes are read. ZIP64 (sizes or counts saturated at 0xFFFF…) and
 * multi-disk archives are refused as unsupported: Excel never writes them under 4 GB.
 */
export function readZipDirectory(data: Buffer): ZipDirectory {
  let eocd = -1;
  for (let i = data.length - EOCD_SIZE; i >= Math.max(0, data.length - EOCD_SIZE - 0xffff); i--) {
    if (data.readUInt32LE(i) === EOCD && i + EOCD_SIZE + data.readUInt16LE(i + 20) <= data.length) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return { kind: 'not-zip' };
  const disk = data.readUInt16LE(eocd + 4);
  const centralDisk = data.readUInt16LE(eocd + 6);
  const count = data.readUInt16LE(eocd + 10);
  const size = data.readUInt32LE(eocd + 12);
  const offset = data.readUInt32LE(eocd + 16);
  if (count === 0xffff || size === 0xffffffff || offset === 0xffffffff) return { kind: 'unsupported', reason: 'ZIP64' };
  if (disk !== 0 || centralDisk !== 0 || data.readUInt16LE(eocd + 8) !== count)
    return { kind: 'unsupported', reason: '分卷压缩' };
  if (offset + size > eocd) return { kind: 'not-zip' };
  const entries: ZipEntry[] = [];
  let at = offset;
  for (let n = 0; n < count; n++) {
    if (at + 46 > eocd || data.readUInt32LE(at) !== CENTRAL) return { kind: 'not-zip' };
    const entry: ZipEntry = {
      method: data.readUInt16LE(at + 10),
      compressedSize: data.readUInt32LE(at + 20),
      uncompressedSize: data.readUInt32LE(at + 24),
      localHeaderOffset: data.readUInt32LE(at + 42),
      name: data.toString('utf8', at + 46, Math.min(eocd, at + 46 + data.readUInt16LE(at + 28))),
    };
    if (
      entry.compressedSize === 0xffffffff ||
      entry.uncompressedSize === 0xffffffff ||
      entry.localHeaderOffset === 0xffffffff
    )
      return { kind: 'unsupported', reason: 'ZIP64' };
    entries.push(entry);
    at += 46 + data.readUInt16LE(at + 28) + data.readUInt16LE(at + 30) + data.readUInt16LE(at + 32);
  }
  return { kind: 'zip', entries };
}

/** The compressed bytes of an entry (after its local header, whose name and extra lengths may differ from the directory's). */
function compressedData(data: Buffer, entry: ZipEntry): Buffer | null {
  const at = entry.localHeaderOffset;
  if (at + 30 > data.length || data.readUInt32LE(at) !== LOCAL) return null;
  const start = at + 30 + data.readUInt16LE(at + 26) + data.readUInt16LE(at + 28);
  return start + entry.compressedSize <= data.length ? data.subarray(start, start + entry.compressedSize) : null;
}

/**
 * Whether deflated `data` inflates to no more than `limit` bytes, counted as it streams (64 KB at a
 * time, nothing kept): a directory that declares small sizes for a bomb is caught after `limit`
 * bytes, not after the whole expansion. A broken stream is not judged here: the reader refuses it.
 */
function inflatesWithin(data: Buffer, limit: number): Promise<boolean> {
  return new Promise((resolve) => {
    const inflate = zlib.createInflateRaw({ chunkSize: 64 * 1024 });
    let total = 0;
    let done = false;
    const finish = (within: boolean) => {
      if (done) return;
      done = true;
      inflate.destroy();
      resolve(within);
    };
    inflate.on('data', (chunk: Buffer) => {
      total += chunk.length;
      if (total > limit) finish(false);
    });
    inflate.on('end', () => finish(true));
    inflate.on('error', () => finish(true));
    inflate.end(data);
  });
}

const tooLarge = (message: string): Problem =>
  problem(413, `XLSX 文件解压后过大：${message}`, [{ field: 'file', message }]);

/**
 * The refusal of an XLSX upload that would expand past `maxBytes`, or null to pass it on. Read from
 * the zip's central directory before anything is inflated (exceljs, in the roster service, would hold
 * it all in memory); each entry is then inflated as a stream only to check it does not grow past the
 * size it declares (JSZip trusts the declared sizes until after inflating). A file that is not a zip
 * at all is left to the roster's reader, which answers 422 as before.
 */
export async function xlsxSizeProblem(
  data: Buffer,
  limits = { maxBytes: MAX_UNZIPPED_BYTES, maxEntries: MAX_ZIP_ENTRIES },
): Promise<Problem | null> {
  const directory = readZipDirectory(data);
  if (directory.kind === 'not-zip') return null;
  if (directory.kind === 'unsupported')
    return problem(422, `不支持的 XLSX 压缩格式（${directory.reason}），请在 Excel 中另存为 .xlsx 后再上传`, [
      { field: 'file', message: `不支持 ${directory.reason}` },
    ]);
  const { entries } = directory;
  const limitMb = Math.round(limits.maxBytes / 1024 / 1024);
  if (entries.length > limits.maxEntries)
    return tooLarge(`压缩包内有 ${entries.length} 个文件，最多 ${limits.maxEntries} 个`);
  const declared = entries.reduce((sum, e) => sum + e.uncompressedSize, 0);
  if (declared > limits.maxBytes)
    return tooLarge(`解压后 ${Math.ceil(declared / 1024 / 1024)} MB，超过 ${limitMb} MB 的上限`);
  // Only deflated entries can grow: a stored one is its own bytes (within the upload's 50 MB), and
  // another method or a broken header the reader refuses. The work is bounded: the declared sum, plus
  // one chunk per entry (MAX_ZIP_ENTRIES of them) for entries that lie.
  for (const entry of entries.filter((e) => e.method === 8)) {
    const compressed = compressedData(data, entry);
    if (compressed !== null && !(await inflatesWithin(compressed, entry.uncompressedSize)))
      return tooLarge(`${entry.name.slice(0, 100)} 解压后大于其声明的大小`);
  }
  return null;
}
