// Packs and unpacks memory-snapshot-like buffers with the worker's own snapshot-store.mjs and prints what came back,
// for tests/site/test_snapshot_store.py. Each case: a length, the byte offset of the view, and the pages that hold data.
import { pack, unpack } from "../../site_overrides/assets/calculator/snapshot-store.mjs";

const PAGE = 4096;

function buffer(length, offset, dataPages) {
  const view = new Uint8Array(new ArrayBuffer(length + offset), offset, length);
  for (const page of dataPages) {
    for (let i = page * PAGE; i < Math.min((page + 1) * PAGE, length); i += 97) view[i] = (i * 31 + page) % 251 || 1;
  }
  view[length - 1] ||= dataPages.includes(Math.floor((length - 1) / PAGE)) ? 7 : 0; // the last byte of a data page
  return view;
}

const cases = JSON.parse(process.argv[2]);
const out = cases.map(({ length, offset, pages }) => {
  const original = buffer(length, offset, pages);
  const packed = pack(original);
  const back = unpack(packed);
  const same = back !== null && back.length === original.length && back.every((byte, i) => byte === original[i]);
  const truncated = unpack(packed.subarray(0, packed.length - 1));
  const raw = unpack(original); // a snapshot stored before packing
  // Unpacked into a buffer made ready for it (openSnapshot): the same bytes there, and none into one of another length.
  const into = new Uint8Array(length);
  const intoSame = unpack(packed, into) === into && into.every((byte, i) => byte === original[i]);
  const wrongLengthIsNull = unpack(packed, new Uint8Array(length + 1)) === null;
  return {
    same,
    packedBytes: packed.length,
    truncatedIsNull: truncated === null,
    rawIsNull: raw === null,
    intoSame,
    wrongLengthIsNull,
  };
});
console.log(JSON.stringify(out));
