import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/** The Kafka version named in pom.xml; a change there must be made here too. */
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

/** Where the jars are copied (inside the ignored target/ folder). */
export function jarDir(): string {
  return join(repoRoot(), LIBRARY_FOLDER, 'target', 'jars');
}

/** State of the local cluster called `name`: data, configs, logs and pid files. */
export function clusterDir(name: string): string {
  if (!/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(name)) {
    throw new Error(`cluster name "${name}" must be letters, digits, '.', '_' or '-'`);
  }
  return resolve(repoRoot(), '.streamline', 'kafka', name);
}
