import { instanceToPlain, plainToInstance } from 'class-transformer';
import { isDeepStrictEqual } from 'node:util';

// What class-transformer does to a class, learned from its public API alone: plainToInstance (and
// instanceToPlain, to see discriminators) called on probe data, the results compared with what a
// plain copy gives. Its metadata storage is internal to the package: this watches what the
// decorators do instead of reading them.

/** A class, as plainToInstance takes it. */
type Constructor = new () => object;

/** What plainToInstance builds under a property from an object, when that is a class. */
interface NestedType {
  type: Constructor;
  /** The property holds a Map of such objects (`@Type` on a `Map<string, T>` property). */
  map: boolean;
}

const nestedTypes = new WeakMap<Constructor, Map<string, NestedType | undefined>>();

/**
 * The class `@Type` names for `property` of `target`: the class of what plainToInstance builds
 * from `{ [property]: {} }`, the same as each item it builds from `{ [property]: [{}] }`.
 * Undefined when it builds plain objects there (no `@Type`), or anything but one class both ways.
 */
export function nestedTypeOf(target: Constructor, property: string): Constructor | undefined {
  return nestedType(target, property)?.type;
}

function nestedType(target: Constructor, property: string): NestedType | undefined {
  let known = nestedTypes.get(target);
  if (!known) nestedTypes.set(target, (known = new Map()));
  if (known.has(property)) return known.get(property);
  const probed = attempt(() => probeNestedType(target, property));
  known.set(property, probed);
  return probed;
}

function probeNestedType(target: Constructor, property: string): NestedType | undefined {
  const built = (value: unknown) => (plainToInstance(target, { [property]: value }) as Record<string, unknown>)[property];
  const one = built({});
  const map = one instanceof Map;
  const type = classOf(map ? (built({ key: {} }) as Map<string, unknown>).get('key') : one);
  const list = built([{}]);
  const item = Array.isArray(list) && list.length === 1 ? list[0] : undefined;
  return type && type !== Object && type === classOf(item) ? { type, map } : undefined;
}

/**
 * Values of each JSON kind (and `undefined`) for the property at `index`, distinct per property
 * where the kind allows: a word with spaces, capitals and a non-ASCII letter, digits, an empty
 * string, a negative fraction, zero, both booleans, `null`.
 */
const KINDS: ((index: number) => unknown)[] = [
  (i) => ` Probe ${i} Ä `,
  (i) => `${i + 10}`,
  () => '',
  (i) => -1.5 - i,
  () => 0,
  () => true,
  () => false,
  () => null,
  () => undefined,
];

/**
 * True when plainToInstance does nothing to `target` but copy the given properties' values and
 * build the `@Type` classes under them, and a new instance has no own property beyond them.
 * Probes every property at once with values of each JSON kind (`KINDS`, an object, a list of
 * one object), with no property, and with `excludeExtraneousValues` (which keeps only `@Expose`d
 * properties): the results must be exactly a new instance holding those values. So `@Exclude`,
 * `@Expose` (renamed or not), accessors, a `@Transform` that changes a probed value, a `@Type`
 * to a value class (`Number`, `Date`) and a `@Type` with a discriminator are all seen.
 *
 * Its one known limit: a `@Transform` (or a `@Type` function reading the data) that leaves every
 * probed value alone but acts on some other value of the same kind is not seen. An event
 * definition with `compiledValidation: false` keeps such a class on class-validator's path.
 */
export function mirrorsPlainCopy(target: Constructor, properties: ReadonlySet<string>): boolean {
  return attempt(() => probeMirror(target, [...properties])) === true;
}

function probeMirror(target: Constructor, properties: string[]): boolean {
  if (!Object.keys(new target()).every((key) => properties.includes(key))) return false;
  const sample = (value: (index: number) => unknown) => Object.fromEntries(properties.map((p, i) => [p, value(i)]));
  const typeOf = (index: number) => nestedTypeOf(target, properties[index]);
  const fresh = (index: number) => {
    const type = typeOf(index);
    return type ? new type() : {};
  };
  const objects = sample(() => ({}));
  const lists = sample(() => [{}]);
  const probes: [plain: object, expected: object][] = [
    ...KINDS.map((kind): [object, object] => [sample(kind), sample(kind)]),
    [{}, {}],
    [objects, sample(fresh)],
    [lists, sample((i) => [fresh(i)])],
  ];
  const built = probes.map(([plain]) => plainToInstance(target, plain));
  if (!built.every((instance, i) => isDeepStrictEqual(instance, Object.assign(new target(), probes[i][1])))) return false;
  if (!isDeepStrictEqual(plainToInstance(target, sample(KINDS[0]), { excludeExtraneousValues: true }), new target())) return false;
  // A discriminator shows when an instance goes back to plain: its property is written into the
  // nested object, or the class is not one of its subtypes and class-transformer throws.
  const [plainObjects, plainLists] = built.slice(-2).map((instance) => instanceToPlain(instance) as Record<string, unknown>);
  return properties.every((property, i) => {
    const type = typeOf(i);
    if (!type) return true;
    const alone = instanceToPlain(new type());
    return isDeepStrictEqual(plainObjects[property], alone) && isDeepStrictEqual(plainLists[property], [alone]);
  });
}

/**
 * True when the value given for `property` makes no difference to what plainToInstance builds
 * (`@Exclude`, or a class-level `@Exclude` with the property not `@Expose`d).
 */
export function ignoresProperty(target: Constructor, property: string): boolean {
  const built = (value: unknown) => plainToInstance(target, { [property]: value });
  return attempt(() => isDeepStrictEqual(built(' Probe Ä '), built(-1.5)) && isDeepStrictEqual(built(' Probe Ä '), built(null))) === true;
}

/**
 * class-validator-jsonschema's `classTransformerMetadataStorage`, answered by the probes: the
 * library asks it for a property's `@Type` (`typeFunction`, and `reflectedType` to tell a Map),
 * whether a property is excluded, and the class's `@Expose` renames, which probes cannot name:
 * a class using them is described under its property names.
 */
export const transformerMetadataProbe = {
  findTypeMetadata(target: unknown, propertyName: string) {
    const nested = typeof target === 'function' ? nestedType(target as Constructor, propertyName) : undefined;
    return nested && { target, propertyName, typeFunction: () => nested.type, reflectedType: nested.map ? Map : undefined, options: {} };
  },
  findExcludeMetadata(target: unknown, propertyName: string) {
    return typeof target === 'function' && ignoresProperty(target as Constructor, propertyName) ? { target, propertyName, options: {} } : undefined;
  },
  getExposedMetadatas(): never[] {
    return [];
  },
};

function classOf(value: unknown): Constructor | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const constructor: unknown = Object.getPrototypeOf(value)?.constructor;
  return typeof constructor === 'function' ? (constructor as Constructor) : undefined;
}

/** What `probe` returns, or undefined when it throws (a decorator that cannot take probe data). */
function attempt<T>(probe: () => T): T | undefined {
  try {
    return probe();
  } catch {
    return undefined;
  }
}
