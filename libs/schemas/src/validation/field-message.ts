import { getMetadataStorage, ValidationError } from 'class-validator';
import type { ValidationMetadata } from './validation-metadata';

const NUMBER_RULES = new Set(['isInt', 'isNumber', 'min', 'max']);
const STRING_RULES = new Set(['isString', 'isLength', 'minLength', 'maxLength']);
const ARRAY_RULES = new Set(['isArray', 'arrayMinSize', 'arrayMaxSize']);
/** Rules that say what kind of value is expected: said before any rule about its content. */
const KIND_RULES = new Set(['isString', 'isInt', 'isNumber', 'isBoolean', 'isArray', 'isObject', 'isIn', 'isEnum']);

/**
 * The one message that says best what is wrong with a property class-validator refused: that
 * it is required when it is missing; the message its class chose for a failed rule; the whole
 * expectation for numbers, strings and lists (`quantity must be an integer from 1 to 1000`)
 * whichever of their rules failed; else the rule about the kind of value, then the first.
 * Every message to a client or an operator about invalid data or config is chosen here.
 */
export function fieldMessage(error: ValidationError): string {
  const failed = error.constraints ?? {};
  const names = Object.keys(failed);
  const property = error.property;
  if (names.includes('whitelistValidation')) return failed.whitelistValidation;
  if (names.length === 0) return `${property} is invalid`;
  // class-validator leaves `value` out of the error when told to hide values; then the rules' own words serve.
  if ('value' in error && error.value === undefined) return `${property} is required`;
  const rules = rulesOf(error);
  const custom = rules.find((rule) => names.includes(rule.name ?? '') && typeof rule.message === 'string');
  if (custom) return failed[custom.name!];
  const failedAny = (set: ReadonlySet<string>) => names.some((name) => set.has(name));
  if (failedAny(NUMBER_RULES) && rules.some((r) => r.name === 'isInt' || r.name === 'isNumber')) return numberMessage(property, rules);
  if (failedAny(STRING_RULES) && rules.some((r) => r.name === 'isString')) return stringMessage(property, rules);
  if (failedAny(ARRAY_RULES) && rules.some((r) => r.name === 'isArray')) return arrayMessage(property, rules);
  return failed[names.find((name) => KIND_RULES.has(name)) ?? names[0]];
}

/** The validation rules declared on the error's property, in declaration order; none without a target. */
function rulesOf(error: ValidationError): ValidationMetadata[] {
  const target = error.target?.constructor;
  if (typeof target !== 'function') return [];
  return getMetadataStorage()
    .getTargetValidationMetadatas(target, '', false, false)
    .filter((rule) => rule.propertyName === error.property && !rule.each)
    .reverse(); // decorators run bottom-up, so the one written first is registered last
}

function constraint(rules: ValidationMetadata[], name: string, index = 0): number | undefined {
  const value = rules.find((rule) => rule.name === name)?.constraints?.[index];
  return typeof value === 'number' ? value : undefined;
}

/** ` from 1 to 1000`, ` of at least 0`, ` of at most 40`, or nothing. */
function range(min: number | undefined, max: number | undefined): string {
  if (min !== undefined && max !== undefined) return ` from ${min} to ${max}`;
  if (min !== undefined) return ` of at least ${min}`;
  return max === undefined ? '' : ` of at most ${max}`;
}

/** ` of 1 to 64 characters`, ` of at least 1 item`, ` of at most 40 characters`, or nothing. */
function count(min: number | undefined, max: number | undefined, unit: string): string {
  if (min !== undefined && max !== undefined) return ` of ${min} to ${max} ${unit}s`;
  if (min !== undefined) return ` of at least ${min} ${unit}${min === 1 ? '' : 's'}`;
  return max === undefined ? '' : ` of at most ${max} ${unit}${max === 1 ? '' : 's'}`;
}

function numberMessage(property: string, rules: ValidationMetadata[]): string {
  const kind = rules.some((rule) => rule.name === 'isInt') ? 'an integer' : 'a number';
  return `${property} must be ${kind}${range(constraint(rules, 'min'), constraint(rules, 'max'))}`;
}

function stringMessage(property: string, rules: ValidationMetadata[]): string {
  const min = constraint(rules, 'isLength', 0) ?? constraint(rules, 'minLength');
  const max = constraint(rules, 'isLength', 1) ?? constraint(rules, 'maxLength');
  return `${property} must be a string${count(min === 0 ? undefined : min, max, 'character')}`;
}

function arrayMessage(property: string, rules: ValidationMetadata[]): string {
  return `${property} must be a list${count(constraint(rules, 'arrayMinSize'), constraint(rules, 'arrayMaxSize'), 'item')}`;
}
