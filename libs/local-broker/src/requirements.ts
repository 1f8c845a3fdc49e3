import { spawnSync } from 'node:child_process';
import { LocalBrokerError } from './local-broker.error';

const MIN_JAVA_MAJOR = 17;
const INSTALL_HINT =
  'install Java 17+ and Maven (e.g. `apt-get install openjdk-17-jre-headless maven`), ' + 'or run the broker in Docker instead with `docker compose up kafka`';

/** The Java major version from `java -version` output ("1.8.0_392" is 8, "17.0.15" is 17). */
export function parseJavaMajor(versionOutput: string): number | undefined {
  const match = /version "(\d+)(?:\.(\d+))?/.exec(versionOutput);
  if (!match) return undefined;
  const first = Number(match[1]);
  return first === 1 && match[2] !== undefined ? Number(match[2]) : first;
}

/** Throws unless `java` (major 17 or newer) is on the PATH; returns its major version. */
export function requireJava(): number {
  const result = spawnSync('java', ['-version'], { encoding: 'utf8' });
  if (result.error || result.status !== 0) {
    throw new LocalBrokerError('missing-requirement', `Java was not found: ${INSTALL_HINT}`);
  }
  const major = parseJavaMajor(`${result.stderr}${result.stdout}`);
  if (major === undefined || major < MIN_JAVA_MAJOR) {
    throw new LocalBrokerError('missing-requirement', `Kafka needs Java ${MIN_JAVA_MAJOR} or newer, found ${major ?? 'an unknown version'}: ${INSTALL_HINT}`);
  }
  return major;
}

/** Throws unless `mvn` is on the PATH (needed only to fetch the jars once). */
export function requireMaven(): void {
  const result = spawnSync('mvn', ['-v'], { encoding: 'utf8' });
  if (result.error || result.status !== 0) {
    throw new LocalBrokerError('missing-requirement', `Maven was not found: ${INSTALL_HINT}`);
  }
}
