import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/** The Kafka version used unless another is asked for; pom.xml names it too, and must agree. */
export const KAFKA_VERSION = '4.3.1';

const LIBRARY_FOLDER = join('libs', 'local-broker');

/**
 * This package's own folder (the one holding pom.xml): libs/local-broker in the repository,
 * node_modules/@streamline/local-broker where it is installed. Found by walking up from this
 * file, so the same code works from src/ under tsx, from a compiled dist/ folder and from an
 * app bundled in the repository's dist/.
 */
export function packageRoot(): string {
  let dir = __dirname;
  for (;;) {
    if (existsSync(join(dir, 'pom.xml')) && existsSync(join(dir, 'package.json'))) return dir;
    // An app bundle (dist/apps/<app>) of the repository finds the library beside it.
    if (existsSync(join(dir, LIBRARY_FOLDER, 'pom.xml'))) return join(dir, LIBRARY_FOLDER);
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`cannot find this package's pom.xml above ${__dirname}`);
    dir = parent;
  }
}

/**
 * Where cluster state lives (under `.streamline/`): STREAMLINE_HOME when set; the repository
 * root when this is the repository's own copy; otherwise the working directory (a project
 * that installed the package runs its tests from its own root).
 */
export function repoRoot(): string {
  if (process.env.STREAMLINE_HOME) return resolve(process.env.STREAMLINE_HOME);
  const root = packageRoot();
  const repository = resolve(root, '..', '..');
  return existsSync(join(repository, LIBRARY_FOLDER, 'pom.xml')) && resolve(repository, LIBRARY_FOLDER) === root ? repository : process.cwd();
}

/** The pom naming the broker, tool and logging jars. */
export function pomPath(): string {
  return join(packageRoot(), 'pom.xml');
}

/** Where the jars of Kafka `version` are copied (inside the ignored target/ folder), one folder per version. */
export function jarDir(version = KAFKA_VERSION): string {
  return join(packageRoot(), 'target', `kafka-${version}`, 'jars');
}

/** State of the local cluster called `name`: data, configs, logs and pid files. */
export function clusterDir(name: string): string {
  if (!/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(name)) {
    throw new Error(`cluster name "${name}" must be letters, digits, '.', '_' or '-'`);
  }
  return resolve(repoRoot(), '.streamline', 'kafka', name);
}
