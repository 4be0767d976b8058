// This device's memory snapshot of the calculator's Python (worker.mjs says what it holds and when it is taken), kept
// in Cache Storage, outside the service worker's "legcramps-" caches, which each build replaces. The snapshot is about
// 31 MB of WebAssembly memory, half of it in 4 KiB pages that are all zeros: those pages are left out of what is
// stored, which halves the write (about 160 ms to 80 here), so a reload soon after the first visit is more likely to
// find it written. Compressing it properly would cost more time than it saves. The entry also says the snapshot's
// length in a header, so a warm start can size Python's memory and link the runtime while the bytes are still being
// read (worker.mjs afterSnapshotRead); an entry without it (an older build's) is not restored.

const CACHE = "lc-pyodide-snapshot";
const PAGE = 4096;
const MAGIC = 0x3153434c; // "LCS1" as a little-endian 32-bit word
const HEADER_BYTES = 12; // magic, the snapshot's length, its number of pages
// The snapshot's length, also kept as a header of its entry: read with the entry, before the bytes (openSnapshot).
const LENGTH_HEADER = "X-Snapshot-Length";

function isZero(bytes, start, end) {
  // Four bytes at a time where the page is aligned (every page but a short last one), the rest one by one.
  const aligned = start + ((end - start) & ~3);
  const words = new Uint32Array(bytes.buffer, bytes.byteOffset + start, (aligned - start) / 4);
  for (let i = 0; i < words.length; i++) if (words[i] !== 0) return false;
  for (let i = aligned; i < end; i++) if (bytes[i] !== 0) return false;
  return true;
}

// The snapshot without its zero pages: a header, one bit a page (set: the page is stored) and the stored pages in order.
export function pack(snapshot) {
  const bytes = snapshot.byteOffset % 4 === 0 ? snapshot : snapshot.slice();
  const pages = Math.ceil(bytes.length / PAGE);
  const kept = [];
  for (let page = 0; page < pages; page++) {
    const start = page * PAGE;
    if (!isZero(bytes, start, Math.min(start + PAGE, bytes.length))) kept.push(page);
  }
  const mapBytes = Math.ceil(pages / 8);
  let size = HEADER_BYTES + mapBytes;
  for (const page of kept) size += Math.min(PAGE, bytes.length - page * PAGE);
  const packed = new Uint8Array(size);
  const header = new DataView(packed.buffer);
  header.setUint32(0, MAGIC, true);
  header.setUint32(4, bytes.length, true);
  header.setUint32(8, pages, true);
  let at = HEADER_BYTES + mapBytes;
  for (const page of kept) {
    packed[HEADER_BYTES + (page >> 3)] |= 1 << (page & 7);
    const chunk = bytes.subarray(page * PAGE, Math.min((page + 1) * PAGE, bytes.length));
    packed.set(chunk, at);
    at += chunk.length;
  }
  return packed;
}

// The snapshot as makeMemorySnapshot() gave it, or null for bytes that are not a packed snapshot (an older format).
// Written into `into` when given (all zeros, and exactly the snapshot's length, or null is returned).
export function unpack(packed, into = null) {
  if (packed.length < HEADER_BYTES) return null;
  const header = new DataView(packed.buffer, packed.byteOffset, HEADER_BYTES);
  const [magic, length, pages] = [0, 4, 8].map((at) => header.getUint32(at, true));
  if (magic !== MAGIC || pages !== Math.ceil(length / PAGE)) return null;
  if (into && into.length !== length) return null;
  const bytes = into ?? new Uint8Array(length);
  const mapStart = HEADER_BYTES;
  let at = HEADER_BYTES + Math.ceil(pages / 8);
  for (let page = 0; page < pages; page++) {
    if (!(packed[mapStart + (page >> 3)] & (1 << (page & 7)))) continue;
    const size = Math.min(PAGE, length - page * PAGE);
    if (at + size > packed.length) return null;
    bytes.set(packed.subarray(at, at + size), page * PAGE);
    at += size;
  }
  return at === packed.length ? bytes : null;
}

// The snapshot stored under `key`, as soon as its entry is found and before its bytes are read: {memory, complete}, a
// zeroed buffer of the snapshot's length (its stored header says it) and a promise that is true once the snapshot has
// been read into it, false if it could not be. Null when there is no snapshot to restore.
export async function openSnapshot(key) {
  try {
    const response = await (await caches.open(CACHE)).match(key);
    const length = Number(response?.headers.get(LENGTH_HEADER));
    if (!response || !Number.isSafeInteger(length) || length <= 0) return null;
    const memory = new Uint8Array(length);
    const complete = response.arrayBuffer().then(
      (packed) => unpack(new Uint8Array(packed), memory) !== null,
      () => false,
    );
    return { memory, complete };
  } catch {
    return null;
  }
}

// Stores the snapshot, then deletes any of an older build: one is kept, the one this build can restore. Never
// rejects.
export async function saveSnapshot(key, snapshot) {
  try {
    const cache = await caches.open(CACHE);
    await cache.put(key, new Response(pack(snapshot), { headers: { [LENGTH_HEADER]: String(snapshot.length) } }));
    for (const request of await cache.keys()) if (request.url !== key) await cache.delete(request);
  } catch {
    // No room or no Cache Storage: the next visit simply starts Python the normal way.
  }
}
