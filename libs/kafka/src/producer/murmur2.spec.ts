import { Partitioners } from 'kafkajs';
import { murmur2, partitionOfKey } from './murmur2';

// kafkajs' own implementation, the one every record already on a topic was partitioned by.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const kafkajsMurmur2: (key: string | Buffer) => number = require('kafkajs/src/producer/partitioners/default/murmur2');

function randomKey(random: () => number): string {
  const alphabets = ['abcdefghijklmnopqrstuvwxyz0123456789-', 'äöüßéèñ', '日本語のキー', '😀🚀', '\u0000\u007f\u0080\u07ff\u0800\uffff'];
  const length = Math.floor(random() * 70);
  let key = '';
  for (let i = 0; i < length; i++) {
    const alphabet = alphabets[random() < 0.8 ? 0 : Math.floor(random() * alphabets.length)];
    key += [...alphabet][Math.floor(random() * [...alphabet].length)];
  }
  return key;
}

describe('murmur2', () => {
  let seed = 42;
  const random = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;

  it('gives the hash kafkajs gives, for ASCII, multi-byte and empty keys, as strings and as Buffers', () => {
    const keys = ['', 'a', 'ab', 'abc', 'abcd', '0d6f4b6e-8f3a-4d2c-9a61-3b8f0e5c7a21', ...Array.from({ length: 20_000 }, () => randomKey(random))];
    const mismatches = keys.filter((key) => murmur2(key) !== kafkajsMurmur2(key) || murmur2(Buffer.from(key)) !== kafkajsMurmur2(key));
    expect(mismatches).toEqual([]);
  });

  it("puts every key on the partition kafkajs' default partitioner picks", () => {
    const partitioner = Partitioners.DefaultPartitioner();
    for (const partitions of [1, 3, 6, 7, 64]) {
      const partitionMetadata = Array.from({ length: partitions }, (_, partitionId) => ({
        partitionId,
        leader: 0,
        partitionErrorCode: 0,
        replicas: [0],
        isr: [0],
      }));
      for (let i = 0; i < 2_000; i++) {
        const key = randomKey(random);
        expect(partitionOfKey(key, partitions)).toBe(partitioner({ topic: 't', partitionMetadata, message: { key, value: null } }));
      }
    }
  });

  it('matches the Java client on its published test vectors', () => {
    // org.apache.kafka.common.utils.UtilsTest#testMurmur2
    const vectors: [string, number][] = [
      ['21', -973932308],
      ['foobar', -790332482],
      ['a-little-bit-long-string', -985981536],
      ['a-little-bit-longer-string', -1486304829],
      ['lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8', -58897971],
      ['abc', 479470107],
    ];
    for (const [key, hash] of vectors) expect(murmur2(key)).toBe(hash);
  });
});
