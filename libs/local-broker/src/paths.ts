import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/** The Kafka version used unless another is asked for; pom.xml names it too, and must agree. */
export const KAFKA_VERSION = '4.3.1';

const LIBRARY_FOLDER = join('libs', 'local-broker');

/**
 * The repository root, found by walking up from this file until libs/local-broker/pom.xml
 * appears, so the same code works from src/ under tsx and from a compiled dist/ folder.
 */
export function repoRoot(): string {
  let dir = __dirname;
  for (;;) {
    if (existsSync(join(dir, LIBRARY_FOLDER, 'pom.xml'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`cannot find ${LIBRARY_FOLDER}/pom.xml above ${__dirname}`);
    dir = parent;
  }
}

/** The pom naming the broker, tool and logging jars. */
export function pomPath(): string {
  return join(repoRoot(), LIBRARY_FOLDER, 'pom.xml');
}

/** Where the jars of Kafka `version` are copied (inside the ignored target/ folder), one folder per version. */
export function jarDir(version = KAFKA_VERSION): string {
  return join(repoRoot(), LIBRARY_FOLDER, 'target', `kafka-${version}`, 'jars');
}

/** State of the local cluster called `name`: data, configs, logs and pid files. */
export function clusterDir(name: string): string {
  if (!/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(name)) {
    throw new Error(`cluster name "${name}" must be letters, digits, '.', '_' or '-'`);
  }
  return resolve(repoRoot(), '.streamline', 'kafka', name);
}
