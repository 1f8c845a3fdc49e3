import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { fieldMessage } from '@streamline/schemas';
import { ConfigError } from '../errors/config.error';
import { readSecretFiles, WithSecretVariables } from './secret-files';

/**
 * Builds a config class from environment variables and validates it once, at start-up.
 * Property names are the variable names; the class's `secretVariables` may also come from
 * `<NAME>_FILE`. Throws ConfigError naming every bad variable.
 */
export function loadConfig<T extends object>(configClass: (new () => T) & WithSecretVariables, env: NodeJS.ProcessEnv): T {
  const secrets = readSecretFiles(configClass.secretVariables ?? [], env);
  const present = Object.fromEntries(Object.entries(secrets.env).filter(([, v]) => v !== undefined && v !== ''));
  const config = plainToInstance(configClass, present, { excludeExtraneousValues: false });
  const errors = validateSync(config, { whitelist: true, forbidUnknownValues: true });
  if (errors.length > 0 || secrets.problems.length > 0) {
    throw new ConfigError([
      ...secrets.problems,
      ...errors.map((e) => ({
        variable: e.property,
        // One message per variable: a range written on IsInt, Min and Max once each is said once.
        expected: fieldMessage(e),
      })),
    ]);
  }
  return config;
}
