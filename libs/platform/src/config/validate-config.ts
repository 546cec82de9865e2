import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { validateSync, ValidationError } from 'class-validator';

export class ConfigError extends Error {}

/**
 * Validates the environment once, at start, against a class-validator class (as Immich does).
 * The first bad variable is reported in one line that names it; the caller exits non-zero.
 */
export function validateConfig<T extends object>(cls: new () => T, env: NodeJS.ProcessEnv = process.env): T {
  const raw: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(env)) if (value !== undefined && value !== '') raw[key] = value;
  const config = plainToInstance(cls, raw, { enableImplicitConversion: true, exposeDefaultValues: true });
  const errors = validateSync(config, { skipMissingProperties: false, forbidUnknownValues: false });
  if (errors.length > 0) throw new ConfigError(describe(errors[0], env));
  return config;
}

function describe(error: ValidationError, env: NodeJS.ProcessEnv): string {
  const value = env[error.property];
  const reasons = Object.values(error.constraints ?? {}).join('; ');
  const shown =
    value === undefined || value === ''
      ? 'is missing'
      : `is malformed (${JSON.stringify(redact(error.property, value))})`;
  return `Configuration error: ${error.property} ${shown}: ${reasons}`;
}

function redact(name: string, value: string): string {
  return /SECRET|PASSWORD|TOKEN/i.test(name) ? '***' : value;
}

/** Loads the config or stops the process with one clear line (CONTRACT.md "Running and configuration"). */
export function loadConfigOrExit<T extends object>(cls: new () => T, env: NodeJS.ProcessEnv = process.env): T {
  try {
    return validateConfig(cls, env);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(78); // EX_CONFIG
    }
    throw err;
  }
}
