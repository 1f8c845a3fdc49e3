/**
 * Kafka's murmur2 hash of a record key (the Java client's `Utils.murmur2`), on 32-bit integer
 * arithmetic. kafkajs computes the same hash through 64-bit `Long` objects, which costs
 * microseconds per record; this gives the same values (murmur2.spec.ts compares them) for a
 * few dozen nanoseconds, and reads an ASCII key without copying it into a Buffer.
 */
export function murmur2(key: string | Buffer): number {
  const data = typeof key === 'string' ? asciiOrUtf8(key) : key;
  const length = data.length;
  const m = 0x5bd1e995;
  let h = 0x9747b28c ^ length;
  const length4 = length >>> 2;
  for (let i = 0; i < length4; i++) {
    const i4 = i * 4;
    let k = (byteAt(data, i4) & 0xff) | ((byteAt(data, i4 + 1) & 0xff) << 8) | ((byteAt(data, i4 + 2) & 0xff) << 16) | ((byteAt(data, i4 + 3) & 0xff) << 24);
    k = Math.imul(k, m);
    k ^= k >>> 24;
    k = Math.imul(k, m);
    h = Math.imul(h, m) ^ k;
  }
  const tail = length & ~3;
  const rest = length & 3;
  if (rest === 3) h ^= (byteAt(data, tail + 2) & 0xff) << 16;
  if (rest >= 2) h ^= (byteAt(data, tail + 1) & 0xff) << 8;
  if (rest >= 1) h = Math.imul(h ^ (byteAt(data, tail) & 0xff), m);
  h ^= h >>> 13;
  h = Math.imul(h, m);
  h ^= h >>> 15;
  return h | 0;
}

/** The partition Kafka's default partitioner gives a key: the positive murmur2 hash modulo the partition count. */
export function partitionOfKey(key: string | Buffer, partitions: number): number {
  return (murmur2(key) & 0x7fffffff) % partitions;
}

/** A string's bytes: the string itself when every character is ASCII (one byte each), else its UTF-8 Buffer. */
function asciiOrUtf8(key: string): string | Buffer {
  for (let i = 0; i < key.length; i++) if (key.charCodeAt(i) > 0x7f) return Buffer.from(key, 'utf8');
  return key;
}

function byteAt(data: string | Buffer, index: number): number {
  return typeof data === 'string' ? data.charCodeAt(index) : data[index];
}
