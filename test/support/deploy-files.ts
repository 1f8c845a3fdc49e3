import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { getMetadataStorage } from 'class-validator';
import { parseAllDocuments } from 'yaml';
import { ConfigError, loadConfig } from '@streamline/kafka';

export const REPO_ROOT = join(__dirname, '..', '..');

/** Every YAML document of a file of the repository, `<<` merge keys resolved. */
export function readYamlDocuments<T = Record<string, unknown>>(path: string): T[] {
  return parseAllDocuments(readFileSync(join(REPO_ROOT, path), 'utf8'), { merge: true })
    .map((document) => {
      if (document.errors.length) throw new Error(`${path}: ${document.errors.map((e) => e.message).join('; ')}`);
      return document.toJS() as T;
    })
    .filter((value) => value !== null);
}

/** The variables a config class reads: its validated properties (loadConfig ignores any other). */
export function configVariables(configClass: new () => object): string[] {
  return [
    ...new Set(
      getMetadataStorage()
        .getTargetValidationMetadatas(configClass, '', true, false)
        .map((m) => m.propertyName),
    ),
  ];
}

/**
 * What is wrong with an environment for a config class: variables it does not read (silently
 * ignored at start-up, so a typo would go unnoticed) and values it refuses. Empty when it starts.
 */
export function configProblems(configClass: new () => object, env: Record<string, string>): string[] {
  const known = new Set(configVariables(configClass));
  const problems = Object.keys(env)
    .filter((name) => !known.has(name) && name !== 'NODE_OPTIONS' && name !== 'NODE_ENV')
    .map((name) => `${name} is not a setting of ${configClass.name}`);
  try {
    loadConfig(configClass, env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    problems.push(error.message);
  }
  return problems;
}
