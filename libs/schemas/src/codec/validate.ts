import { plainToInstance } from 'class-transformer';
import { ValidationError, validateSync } from 'class-validator';
import { FieldError, SchemaValidationError } from '../errors/schema-validation.error';
import { EventDefinition } from '../registry/event-definition';
import { findUnsafeStructure } from '../validation/untrusted-json';
import { CompiledValidator } from '../validation/compiled-validator';
import { fieldMessage } from '../validation/field-message';

const compiledValidators = new Map<new () => object, CompiledValidator<object> | undefined>();

function compiledValidatorOf(dataClass: new () => object): CompiledValidator<object> | undefined {
  if (!compiledValidators.has(dataClass)) compiledValidators.set(dataClass, CompiledValidator.compile(dataClass));
  return compiledValidators.get(dataClass);
}

/**
 * Validates event data against its class: every field checked, unknown fields rejected,
 * no implicit type conversion, prototype-polluting keys and hostile nesting refused before
 * anything is transformed.
 * Returns the validated instance; throws SchemaValidationError listing every invalid field, each
 * with the one message fieldMessage picks.
 * Valid data takes the compiled fast path (unless the definition says `compiledValidation: false`);
 * whatever it is not sure of is decided, and its errors named, by class-transformer and
 * class-validator themselves.
 */
export function validateEventData<T extends object>(definition: EventDefinition<T>, data: unknown): T {
  const fast = definition.compiledValidation === false ? undefined : compiledValidatorOf(definition.dataClass)?.validate(data);
  if (fast) return fast as T;
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new SchemaValidationError(definition.type, [{ field: 'data', messages: ['data must be a JSON object'] }]);
  }
  const unsafe = findUnsafeStructure(data);
  if (unsafe.length > 0) throw new SchemaValidationError(definition.type, unsafe);
  const instance = plainToInstance(definition.dataClass, data, { enableImplicitConversion: false }) as T;
  const errors = validateSync(instance, {
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    // fieldMessage reads the target's rules and whether a value was given; neither leaves here.
    validationError: { target: true, value: true },
  });
  if (errors.length > 0) throw new SchemaValidationError(definition.type, flattenErrors(errors, ''));
  return instance;
}

/** class-validator nests errors per property; flatten them to `items[0].quantity` paths. */
export function flattenErrors(errors: ValidationError[], parent: string): FieldError[] {
  return errors.flatMap((error) => {
    const isIndex = /^\d+$/.test(error.property);
    const field = isIndex ? `${parent}[${error.property}]` : parent ? `${parent}.${error.property}` : error.property;
    const own: FieldError[] = error.constraints ? [{ field, messages: [rewriteMessage(fieldMessage(error), error.property, field)] }] : [];
    return [...own, ...flattenErrors(error.children ?? [], field)];
  });
}

/** class-validator names only the leaf property; name the full path instead. */
function rewriteMessage(message: string, property: string, field: string): string {
  return message.startsWith(`${property} `) ? `${field}${message.slice(property.length)}` : message;
}
