import { getMetadataStorage, ValidationArguments, ValidationTypes } from 'class-validator';
import { mirrorsPlainCopy, nestedTypeOf } from './transformer-probe';
import type { ValidationMetadata } from './validation-metadata';

type Constructor = new () => object;

/** One constraint of a property, as class-validator would call it. */
interface Constraint {
  validate(value: unknown, args: ValidationArguments): unknown;
  metadata: ValidationMetadata;
}

interface PropertyPlan {
  name: string;
  /** `@IsOptional`, `@ValidateIf`: when one says no, the property is not validated at all. */
  conditions: ((object: object, value: unknown) => boolean)[];
  constraints: Constraint[];
  nested: boolean;
  /** The class that `@Type` names for this property (what plainToInstance builds). */
  type?: ClassPlan;
}

interface ClassPlan {
  target: Constructor;
  /** Every whitelisted property by name. */
  properties: Map<string, PropertyPlan>;
}

/**
 * The fast path of event validation: validates plain data against an event class by calling
 * class-validator's own constraint objects with the arguments class-validator would pass, and
 * builds the same instances plainToInstance would, without class-validator's per-call metadata
 * lookups, grouping and error objects (about 10× cheaper per record).
 *
 * It answers only "valid, here is the instance" or "not sure": on anything else the caller runs
 * class-validator itself, which then names every invalid field. A class is compiled only when
 * every decorator on it (and on the classes it nests) is one whose behaviour this mirrors:
 * synchronous constraints, nested validation, conditional validation, `@Type` to a validated
 * class; anything else (groups, async constraints, `@Transform`, `@Expose`, `@Exclude`,
 * discriminators) leaves that class on the slow path. It stands on public APIs only: the
 * constraints come from class-validator's metadata storage (`getMetadataStorage()`), and what
 * class-transformer does to a class is learned by probing plainToInstance
 * (`transformer-probe.ts`, which names the one thing probing cannot see).
 * `compiled-validator.spec.ts` checks the two agree on valid samples and on thousands of
 * mutations of them.
 */
export class CompiledValidator<T extends object> {
  private constructor(private readonly plan: ClassPlan) {}

  /** The validator of `target`, or undefined when some decorator of it is not mirrored. */
  static compile<T extends object>(target: new () => T): CompiledValidator<T> | undefined {
    const plan = planClass(target, new Map());
    return plan ? new CompiledValidator<T>(plan) : undefined;
  }

  /** The instance when `data` is certainly valid; undefined when class-validator must decide. */
  validate(data: unknown): T | undefined {
    const instance = build(this.plan, data);
    return instance && check(this.plan, instance) ? (instance as T) : undefined;
  }
}

function planClass(target: Constructor, seen: Map<Constructor, ClassPlan | null>): ClassPlan | undefined {
  if (seen.has(target)) return seen.get(target) ?? undefined;
  seen.set(target, null);
  const storage = getMetadataStorage();
  const metadatas = storage.getTargetValidationMetadatas(target, '', false, false);
  const allowed = new Set(metadatas.map((m) => m.propertyName));
  if (allowed.size === 0 || !mirrorsPlainCopy(target, allowed)) return undefined;
  const plan: ClassPlan = { target, properties: new Map() };
  seen.set(target, plan);
  for (const name of allowed) {
    const own = metadatas.filter((m) => m.propertyName === name);
    const property: PropertyPlan = { name, conditions: [], constraints: [], nested: false };
    for (const metadata of own) {
      if (metadata.always || (metadata.groups?.length ?? 0) > 0) return undefined;
      switch (metadata.type) {
        case ValidationTypes.CUSTOM_VALIDATION:
        case ValidationTypes.IS_DEFINED: {
          for (const constraint of storage.getTargetValidatorConstraints(metadata.constraintCls)) {
            if (constraint.async) return undefined;
            const instance = constraint.instance as Constraint;
            property.constraints.push({ validate: instance.validate.bind(instance), metadata });
          }
          break;
        }
        case ValidationTypes.CONDITIONAL_VALIDATION:
          property.conditions.push(metadata.constraints[0]);
          break;
        case ValidationTypes.NESTED_VALIDATION:
          property.nested = true;
          break;
        case ValidationTypes.WHITELIST:
          break;
        default:
          return undefined;
      }
    }
    const type = nestedTypeOf(target, name);
    if (type) {
      const nestedPlan = planClass(type, seen);
      if (!nestedPlan) return undefined;
      property.type = nestedPlan;
    } else if (property.nested) {
      return undefined;
    }
    plan.properties.set(name, property);
  }
  return plan;
}

/**
 * plainToInstance for data that can only be valid: unknown keys (which forbidNonWhitelisted
 * rejects, and which include `__proto__`) and values of the wrong shape give up early.
 */
function build(plan: ClassPlan, data: unknown): object | undefined {
  if (!isRecord(data, plan.target)) return undefined;
  const instance = new plan.target() as Record<string, unknown>;
  for (const key of Object.keys(data)) {
    const property = plan.properties.get(key);
    if (!property) return undefined;
    const value = (data as Record<string, unknown>)[key];
    if (property.type) {
      const built = buildTyped(property.type, value);
      if (built === undefined) return undefined;
      instance[key] = built;
    } else if (typeof value === 'object' && value !== null) {
      // An object under an untyped property: plainToInstance would copy it; leave it to that.
      return undefined;
    } else {
      instance[key] = value;
    }
  }
  return instance;
}

function buildTyped(plan: ClassPlan, value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (!Array.isArray(value)) return build(plan, value);
  const items = new Array(value.length);
  for (let i = 0; i < value.length; i++) {
    items[i] = build(plan, value[i]);
    if (items[i] === undefined) return undefined;
  }
  return items;
}

/** class-validator's ValidationExecutor for a built instance, reduced to a yes or no. */
function check(plan: ClassPlan, instance: object): boolean {
  const object = instance as Record<string, unknown>;
  for (const property of plan.properties.values()) {
    const value = object[property.name];
    if (!property.conditions.every((condition) => condition(instance, value))) continue;
    for (const { validate, metadata } of property.constraints) {
      const args: ValidationArguments = { targetName: plan.target.name, property: property.name, object: instance, value, constraints: metadata.constraints };
      if (metadata.each && Array.isArray(value)) {
        for (const item of value) if (!validate(item, args)) return false;
      } else if (!validate(value, args)) {
        return false;
      }
    }
    if (property.nested && value !== undefined && !checkNested(property.type!, value)) return false;
  }
  return true;
}

function checkNested(plan: ClassPlan, value: unknown): boolean {
  if (Array.isArray(value)) return value.every((item) => item instanceof plan.target && check(plan, item));
  return value instanceof plan.target && check(plan, value);
}

/** A plain object (of any realm: parsed JSON, structuredClone) or an instance of the class itself. */
function isRecord(value: unknown, target: Constructor): value is object {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === null || Object.getPrototypeOf(prototype) === null || prototype === target.prototype;
}
