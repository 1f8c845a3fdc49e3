#!/usr/bin/env node
import { installKafkaJars } from './install';
import { findRunningKafka, startLocalKafka, stopLocalKafka } from './local-cluster';
import { KAFKA_VERSION } from './paths';
import { hideKafkajsTimerWarning } from './timer-warning';
import { LocalKafkaSecurity } from './secure/secure-setup';

const USAGE = `usage: tsx libs/local-broker/src/cli.ts <install|start|stop|status> [--brokers 1|3] [--port 9092] [--name default] [--version ${KAFKA_VERSION}] [--secure [--acl-prefix p]]
  install  fetch the Kafka jars (${KAFKA_VERSION}, or --version 3.9.2 …) with Maven (once per version)
  start    start a local KRaft cluster in the background and wait until it serves;
           --secure: SASL_SSL with SCRAM-SHA-512 users and ACLs (topics and groups named --acl-prefix…)
  stop     stop the cluster and remove its data
  status   print the bootstrap address if the cluster runs (exit 3 if it does not)`;

class UsageError extends Error {}

interface CliArgs {
  command: 'install' | 'start' | 'stop' | 'status';
  brokers: 1 | 3;
  port: number;
  name: string;
  version: string;
  secure: boolean;
  aclPrefix?: string;
}

function parseArgs(argv: string[]): CliArgs {
  const [command, ...rest] = argv;
  if (command !== 'install' && command !== 'start' && command !== 'stop' && command !== 'status') {
    throw new UsageError(command ? `unknown command "${command}"` : 'missing command');
  }
  const args: CliArgs = { command, brokers: 1, port: 9092, name: 'default', version: KAFKA_VERSION, secure: false };
  for (let i = 0; i < rest.length; i += 2) {
    const [flag, value] = [rest[i], rest[i + 1]];
    if (flag === '--secure') {
      args.secure = true;
      i -= 1;
      continue;
    }
    if (value === undefined) throw new UsageError(`${flag} needs a value`);
    if (flag === '--brokers') {
      if (value !== '1' && value !== '3') throw new UsageError('--brokers must be 1 or 3');
      args.brokers = value === '1' ? 1 : 3;
    } else if (flag === '--port') {
      const port = Number(value);
      if (!Number.isInteger(port) || port < 1024 || port > 64000) throw new UsageError('--port must be a number from 1024 to 64000');
      args.port = port;
    } else if (flag === '--name') {
      args.name = value;
    } else if (flag === '--version') {
      args.version = value;
    } else if (flag === '--acl-prefix') {
      args.aclPrefix = value;
    } else {
      throw new UsageError(`unknown option "${flag}"`);
    }
  }
  return args;
}

async function run(args: CliArgs): Promise<number> {
  switch (args.command) {
    case 'install':
      console.log(`Kafka ${args.version} jars in ${await installKafkaJars(args.version)}`);
      return 0;
    case 'start': {
      const secure = args.secure && { aclPrefix: args.aclPrefix };
      const kafka = await startLocalKafka({ brokers: args.brokers, port: args.port, name: args.name, version: args.version, secure });
      console.log(`Kafka ${kafka.version} ready at ${kafka.bootstrap}${kafka.security ? ' (SASL_SSL, SCRAM-SHA-512, ACLs)' : ''}`);
      console.log(`  export KAFKA_BROKERS=${kafka.bootstrap}`);
      if (kafka.security) printSecurity(kafka.security, args.aclPrefix);
      console.log(`  stop it with: npm run kafka:stop${args.name === 'default' ? '' : ` -- --name ${args.name}`}`);
      return 0;
    }
    case 'stop':
      console.log((await stopLocalKafka(args.name)) ? `Kafka '${args.name}' stopped, data removed` : `Kafka '${args.name}' was not running`);
      return 0;
    case 'status': {
      const bootstrap = findRunningKafka(args.name);
      console.log(bootstrap ? `Kafka '${args.name}' running at ${bootstrap}` : `Kafka '${args.name}' is not running`);
      return bootstrap ? 0 : 3;
    }
  }
}

/** How to connect to a secured local cluster: the CA, each user and the password file it can read. */
function printSecurity(security: LocalKafkaSecurity, aclPrefix: string | undefined): void {
  console.log(`  export KAFKA_SSL=true KAFKA_SSL_CA_FILE=${security.caFile} KAFKA_SASL_MECHANISM=${security.mechanism}`);
  console.log(
    `  users (KAFKA_SASL_USERNAME, KAFKA_SASL_PASSWORD_FILE), ACLs on ${aclPrefix ? `topics and groups named ${aclPrefix}…` : 'every topic and group'}:`,
  );
  for (const user of Object.values(security.users)) {
    const role = user.username === 'admin' ? 'super user (the brokers)' : `${user.username} service`;
    console.log(`    ${user.username.padEnd(9)} ${user.passwordFile}  ${role}`);
  }
  if (security.mtlsBootstrap) {
    console.log(`  mutual TLS, no SASL: KAFKA_BROKERS=${security.mtlsBootstrap} with a client certificate whose CN names the user (issueClientCertificate)`);
  }
  console.log(`  Java tools: --command-config ${security.adminToolConfig}`);
}

async function main(): Promise<void> {
  hideKafkajsTimerWarning();
  let args: CliArgs;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    process.exit(2);
  }
  try {
    process.exitCode = await run(args);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // One line for the terminal; the details (log tail) are in the broker log named in it.
    console.error(`error: ${message.split('\n')[0]}`);
    process.exitCode = 1;
  }
}

void main();
