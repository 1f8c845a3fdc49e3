import 'reflect-metadata';
import { Exclude, Expose, plainToInstance, Transform, Type } from 'class-transformer';
import { IsArray, IsIn, IsInt, IsObject, IsOptional, IsString, Min, validateSync, ValidateNested } from 'class-validator';
import { CompiledValidator } from './compiled-validator';
import { findUnsafeStructure } from './untrusted-json';
import { ORDER_TOPICS, orderRegistry, sampleEvents } from '@streamline/orders';

const OPTIONS = { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true } as const;

/** What the slow path says: the untrusted-structure guard, then class-validator itself, the way validateEventData asks it. */
function classValidatorAccepts(dataClass: new () => object, data: unknown): boolean {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return false;
  if (findUnsafeStructure(data).length > 0) return false;
  return validateSync(plainToInstance(dataClass, data, { enableImplicitConversion: false }) as object, OPTIONS).length === 0;
}

/** Values that break one constraint or another: wrong types, bounds, formats, shapes. */
const HOSTILE: unknown[] = [
  null,
  '',
  'x',
  'EUR',
  'eur',
  'x'.repeat(65),
  'x'.repeat(300),
  0,
  -1,
  1,
  1.5,
  1001,
  1e300,
  Number.MAX_SAFE_INTEGER * 4,
  true,
  [],
  {},
  [{}],
  [[]],
  ['a'],
  '0d6f4b6e-8f3a-4d2c-9a61-3b8f0e5c7a21',
  '2026-11-23T10:00:00Z',
  '2026-11-23T10:00:00',
  '2026-11-23',
  'standard',
  'gold',
  'web',
  'shopper@example.org',
  { amountMinor: 1, currency: 'EUR' },
  { amountMinor: -1, currency: 'EUR' },
  [{ sku: 'A', quantity: 1, unitPrice: 1 }],
];

/** Every path to a value inside `data`, e.g. ['lines', 0, 'unitPrice', 'currency']. */
function pathsOf(value: unknown, path: (string | number)[] = []): (string | number)[][] {
  if (typeof value !== 'object' || value === null) return [path];
  const children = Array.isArray(value) ? value.map((_, i) => i) : Object.keys(value);
  return [...(path.length > 0 ? [path] : []), ...children.flatMap((k) => pathsOf((value as any)[k], [...path, k]))];
}

/** `data` with the value at `path` replaced (or removed with `undefined`), and objects with an extra key. */
function* mutationsOf(data: object): Generator<unknown> {
  for (const path of pathsOf(data)) {
    for (const replacement of [undefined, ...HOSTILE]) {
      const copy = structuredClone(data) as any;
      const parent = path.slice(0, -1).reduce((node, key) => node[key], copy);
      const last = path[path.length - 1];
      if (replacement === undefined && !Array.isArray(parent)) delete parent[last];
      else parent[last] = structuredClone(replacement);
      yield copy;
    }
    const copy = structuredClone(data) as any;
    const target = path.reduce((node, key) => node[key], copy);
    if (typeof target === 'object' && target !== null && !Array.isArray(target)) {
      target.unexpected = 1;
      yield copy;
    }
  }
  yield { ...data, unexpected: 1 };
  yield JSON.parse(`{"__proto__":{"polluted":true},${JSON.stringify(data).slice(1)}`);
}

describe('compiled validation', () => {
  const definitions = ORDER_TOPICS.flatMap((topic) => topic.events);

  it('compiles every event class of the registry', () => {
    expect(definitions.filter((d) => !CompiledValidator.compile(d.dataClass)).map((d) => d.type)).toEqual([]);
  });

  it.each(definitions.map((d) => d.type))('accepts exactly what class-validator accepts for %s, on samples and their mutations', (type) => {
    const definition = orderRegistry.find(type)!;
    const compiled = CompiledValidator.compile(definition.dataClass)!;
    const samples: object[] = [definition.example!, ...sampleEvents(40, type, { seed: 11 }).map((e) => e.data)];
    let mutations = 0;
    let rejected = 0;
    for (const sample of samples) {
      expect(compiled.validate(structuredClone(sample))).toBeInstanceOf(definition.dataClass);
      for (const mutation of mutationsOf(sample)) {
        mutations++;
        const accepted = compiled.validate(mutation) !== undefined;
        if (accepted !== classValidatorAccepts(definition.dataClass, mutation)) {
          throw new Error(`${type}: compiled ${accepted ? 'accepts' : 'rejects'} what class-validator does not: ${JSON.stringify(mutation)}`);
        }
        if (!accepted) rejected++;
      }
    }
    expect(mutations).toBeGreaterThan(1000);
    expect(rejected).toBeGreaterThan(mutations / 2);
  });

  it('builds the instances plainToInstance builds, nested classes included', () => {
    const v2 = orderRegistry.find('order.placed.v2')!;
    const data = structuredClone(v2.example);
    const built = CompiledValidator.compile(v2.dataClass)!.validate(data) as any;
    const reference = plainToInstance(v2.dataClass, data) as any;
    expect(built).toEqual(reference);
    expect(built.customer.constructor).toBe(reference.customer.constructor);
    expect(built.lines[0].unitPrice.constructor).toBe(reference.lines[0].unitPrice.constructor);
    expect(built.lines).not.toBe((data as any).lines);
  });

  it('leaves classes with decorators it does not mirror to class-validator', () => {
    class Transformed {
      @Transform(({ value }) => String(value).trim())
      @IsString()
      name!: string;
    }
    class Inner {
      @IsInt()
      @Min(0)
      n!: number;
    }
    class Untyped {
      @ValidateNested()
      inner!: Inner;
    }
    class Typed {
      @IsOptional()
      @ValidateNested()
      @Type(() => Inner)
      inner?: Inner;
    }
    expect(CompiledValidator.compile(Transformed)).toBeUndefined();
    expect(CompiledValidator.compile(Untyped)).toBeUndefined();
    const typed = CompiledValidator.compile(Typed)!;
    expect(typed.validate({})).toBeInstanceOf(Typed);
    expect(typed.validate({ inner: { n: 1 } })).toBeInstanceOf(Typed);
    expect(typed.validate({ inner: { n: -1 } })).toBeUndefined();
    for (const data of [{ inner: [{ n: 1 }] }, { inner: null }, { inner: 'x' }, { inner: { n: 1, m: 2 } }]) {
      expect(typed.validate(data) !== undefined).toBe(classValidatorAccepts(Typed, data));
    }
  });

  it('leaves classes whose class-transformer decorators change what is built to class-validator', () => {
    class Renamed {
      @Expose({ name: 'full_name' })
      @IsString()
      fullName!: string;
    }
    class Excluded {
      @IsString()
      name!: string;

      @Exclude()
      @IsOptional()
      @IsString()
      secret?: string;
    }
    class Unvalidated {
      n!: number;
    }
    class TypedToUnvalidated {
      @IsObject()
      @Type(() => Unvalidated)
      inner!: Unvalidated;
    }
    class Lowered {
      @Transform(({ value }) => (typeof value === 'string' ? value.toLowerCase() : value))
      @IsIn(['eur', 'usd'])
      currency!: string;
    }
    class Shape {
      @IsString()
      kind!: string;
    }
    class Circle extends Shape {
      @IsInt()
      radius!: number;
    }
    class Drawing {
      @IsObject()
      @ValidateNested()
      @Type(() => Shape, { discriminator: { property: 'kind', subTypes: [{ name: 'circle', value: Circle }] }, keepDiscriminatorProperty: true })
      shape!: Shape;
    }
    for (const target of [Renamed, Excluded, TypedToUnvalidated, Lowered, Drawing]) {
      expect([target.name, CompiledValidator.compile(target as new () => object)]).toEqual([target.name, undefined]);
    }
    // What the fast path would have got wrong: class-validator sees the lowered currency, and a Circle.
    expect(classValidatorAccepts(Lowered, { currency: 'EUR' })).toBe(true);
    expect(classValidatorAccepts(Drawing, { shape: { kind: 'circle' } })).toBe(false);
  });

  it('compiles a class nesting others with plain @ValidateNested and @Type, and accepts only what class-validator accepts', () => {
    class Item {
      @IsString()
      sku!: string;

      @IsInt()
      @Min(1)
      quantity!: number;
    }
    class Basket {
      @IsString()
      id!: string;

      @ValidateNested()
      @Type(() => Item)
      main!: Item;

      @IsArray()
      @ValidateNested({ each: true })
      @Type(() => Item)
      items!: Item[];
    }
    const compiled = CompiledValidator.compile(Basket)!;
    const valid = { id: 'b', main: { sku: 'a', quantity: 1 }, items: [{ sku: 'b', quantity: 2 }] };
    const built = compiled.validate(structuredClone(valid)) as Basket;
    expect(built).toEqual(plainToInstance(Basket, valid));
    expect(built.items[0]).toBeInstanceOf(Item);
    // Without @IsObject, class-validator also takes arrays (of arrays) for `main`; the fast path
    // leaves those to it, and accepts nothing class-validator refuses.
    let accepted = 0;
    for (const mutation of mutationsOf(valid)) {
      if (compiled.validate(mutation) === undefined) continue;
      accepted++;
      expect([mutation, classValidatorAccepts(Basket, mutation)]).toEqual([mutation, true]);
    }
    expect(accepted).toBeGreaterThan(20);
  });
});
