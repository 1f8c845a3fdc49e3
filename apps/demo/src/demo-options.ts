/** Options of the demo, from flags (`npm run demo -- --rate 50`). */
export interface DemoOptions {
  /** Orders posted per second. */
  rate: number;
  /** Stop by itself after this many seconds; 0 runs until Ctrl-C. */
  durationSec: number;
  producerPort: number;
  consumerPort: number;
  /** Port of the local broker started when KAFKA_BROKERS is not set. */
  kafkaPort: number;
}

export const USAGE = `usage: npm run demo -- [--rate 20] [--duration 0] [--producer-port 3000] [--consumer-port 3001] [--kafka-port 9092]

  --rate N            orders posted per second (1 to 5000, default 20)
  --duration S        stop by itself after S seconds (default 0: until Ctrl-C)
  --producer-port P   HTTP port of the producer (default 3000)
  --consumer-port P   HTTP port of the consumer (default 3001)
  --kafka-port P      port of the local broker started when KAFKA_BROKERS is not set (default 9092)

Builds the producer and consumer when their sources changed since the last build, starts a
local Kafka broker unless KAFKA_BROKERS is set, then both services, and posts sample orders.`;

/** `--help` or `-h` anywhere among the flags. */
export function wantsHelp(argv: string[]): boolean {
  return argv.includes('--help') || argv.includes('-h');
}

/** Parses the demo's flags; throws with the usage text on a bad one. */
export function parseDemoOptions(argv: string[]): DemoOptions {
  const options: DemoOptions = { rate: 20, durationSec: 0, producerPort: 3000, consumerPort: 3001, kafkaPort: 9092 };
  const names: Record<string, keyof DemoOptions> = {
    '--rate': 'rate',
    '--duration': 'durationSec',
    '--producer-port': 'producerPort',
    '--consumer-port': 'consumerPort',
    '--kafka-port': 'kafkaPort',
  };
  for (let i = 0; i < argv.length; i += 2) {
    const key = names[argv[i]];
    const value = Number(argv[i + 1]);
    if (!key || !Number.isFinite(value) || value < 0) throw new Error(`bad flag ${argv[i]} ${argv[i + 1] ?? ''}\n${USAGE}`);
    options[key] = value;
  }
  if (options.rate <= 0 || options.rate > 5000) throw new Error(`--rate must be between 1 and 5000\n${USAGE}`);
  return options;
}
