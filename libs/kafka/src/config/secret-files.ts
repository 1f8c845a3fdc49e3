import { readFileSync } from 'node:fs';
import { ConfigProblem } from '../errors/config.error';

/** A config class may name the variables that can also be read from a file (`<NAME>_FILE`). */
export interface WithSecretVariables {
  secretVariables?: readonly string[];
}

/**
 * Reads every `<NAME>_FILE` named by the config class into `<NAME>` (as Kubernetes mounts secrets),
 * one trailing newline removed. Setting both is a problem, and so is a file that cannot be read;
 * neither message ever contains the file's content.
 */
export function readSecretFiles(
  names: readonly string[],
  env: NodeJS.ProcessEnv,
  read: (path: string) => string = (path) => readFileSync(path, 'utf8'),
): { env: NodeJS.ProcessEnv; problems: ConfigProblem[] } {
  const resolved: NodeJS.ProcessEnv = { ...env };
  const problems: ConfigProblem[] = [];
  for (const name of names) {
    const path = env[`${name}_FILE`];
    if (!path) continue;
    if (env[name]) {
      problems.push({ variable: `${name}_FILE`, expected: `set ${name} or ${name}_FILE, not both` });
      continue;
    }
    try {
      resolved[name] = read(path).replace(/\r?\n$/, '');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
      problems.push({ variable: `${name}_FILE`, expected: `${name}_FILE must name a readable file (${path}: ${code})` });
    }
  }
  return { env: resolved, problems };
}
