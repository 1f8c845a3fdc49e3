/** Options of `npm run faults`. */
export interface FaultsOptions {
  /** Scenario names to run; empty runs every scenario (or, with --short, those marked for it). */
  only: string[];
  /** Small counts, the CI form; exits non-zero when anything is lost or applied twice. */
  short: boolean;
  /** First base port of the scenarios' brokers; each scenario takes ten from here. */
  kafkaPort: number;
  /** Kafka release the brokers run, e.g. 3.9.2 (local-broker installs its jars); default local-broker's. */
  kafkaVersion?: string;
  /** Regenerate the table in docs/faults.md. */
  writeDocs: boolean;
  /** Results files to rebuild the docs table from, without running anything; later rows replace earlier ones of the same scenario. */
  tableFrom: string[];
  /** Kafka client of the producer and the consumers (KAFKA_CLIENT); the services' default when absent. */
  client?: 'kafkajs' | 'platformatic';
  /** Group protocol of the consumers (KAFKA_GROUP_PROTOCOL): `consumer` is KIP-848 (needs --client platformatic). */
  groupProtocol?: 'classic' | 'consumer';
}

const USAGE =
  'usage: npm run faults -- [--only name,name] [--short] [--kafka-port 25200] [--kafka-version 3.9.2] [--client kafkajs|platformatic] [--group-protocol classic|consumer] [--no-docs] [--table-from results.json,rerun.json]';

export function parseFaultsOptions(argv: string[]): FaultsOptions {
  const options: FaultsOptions = { only: [], short: false, kafkaPort: 25200, writeDocs: true, tableFrom: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--short') options.short = true;
    else if (arg === '--no-docs') options.writeDocs = false;
    else if (arg === '--table-from') options.tableFrom.push(...(argv[++i] ?? '').split(',').filter(Boolean));
    else if (arg === '--kafka-version') options.kafkaVersion = argv[++i];
    else if (arg === '--client') options.client = oneOf(arg, argv[++i], ['kafkajs', 'platformatic'] as const);
    else if (arg === '--group-protocol') options.groupProtocol = oneOf(arg, argv[++i], ['classic', 'consumer'] as const);
    else if (arg === '--only') options.only.push(...(argv[++i] ?? '').split(',').filter(Boolean));
    else if (arg === '--kafka-port') {
      options.kafkaPort = Number(argv[++i]);
      if (!Number.isInteger(options.kafkaPort) || options.kafkaPort < 1024 || options.kafkaPort > 31000)
        throw new Error(`--kafka-port must be 1024 to 31000\n${USAGE}`);
    } else throw new Error(`unknown option ${arg}\n${USAGE}`);
  }
  if (options.groupProtocol === 'consumer' && options.client !== 'platformatic')
    throw new Error(`--group-protocol consumer needs --client platformatic (kafkajs speaks only the classic protocol)\n${USAGE}`);
  return options;
}

function oneOf<T extends string>(flag: string, value: string | undefined, allowed: readonly T[]): T {
  if (!allowed.includes(value as T)) throw new Error(`${flag} must be one of ${allowed.join(', ')}\n${USAGE}`);
  return value as T;
}
