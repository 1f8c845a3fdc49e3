import 'reflect-metadata';
import { Exclude, Expose, Transform, Type } from 'class-transformer';
import { IsIn, IsInt, IsObject, IsOptional, IsString, ValidateNested } from 'class-validator';
import { validateEventData } from '../codec/validate';
import { SchemaValidationError } from '../errors/schema-validation.error';
import { EventDefinition } from '../registry/event-definition';
import { CompiledValidator } from './compiled-validator';
import { ignoresProperty, mirrorsPlainCopy, nestedTypeOf, transformerMetadataProbe } from './transformer-probe';

class Item {
  @IsString()
  sku!: string;
}

class Order {
  @IsString()
  id!: string;

  @IsObject()
  @ValidateNested()
  @Type(() => Item)
  item!: Item;

  @ValidateNested({ each: true })
  @Type(() => Item)
  items!: Item[];

  @ValidateNested({ each: true })
  @Type(() => Item)
  byName!: Map<string, Item>;
}

const all = (target: new () => object) => new Set(Object.keys(new target()));

describe('what class-transformer does to a class, probed through its public API', () => {
  it('finds the class @Type names, for one object, a list and a Map of them', () => {
    expect(nestedTypeOf(Order, 'item')).toBe(Item);
    expect(nestedTypeOf(Order, 'items')).toBe(Item);
    expect(nestedTypeOf(Order, 'byName')).toBe(Item);
    expect(nestedTypeOf(Order, 'id')).toBeUndefined();
    expect(nestedTypeOf(Order, 'missing')).toBeUndefined();
    expect(transformerMetadataProbe.findTypeMetadata(Order, 'item')).toMatchObject({ reflectedType: undefined });
    expect(transformerMetadataProbe.findTypeMetadata(Order, 'item')!.typeFunction()).toBe(Item);
    // Only where the design-time type is emitted (tsc) does class-transformer build a Map.
    const map = Reflect.getMetadata('design:type', Order.prototype, 'byName') === Map;
    expect(transformerMetadataProbe.findTypeMetadata(Order, 'byName')).toMatchObject({ reflectedType: map ? Map : undefined });
    expect(transformerMetadataProbe.findTypeMetadata(Order, 'id')).toBeUndefined();
  });

  it('takes a class with validation decorators and @Type to a class for a plain copy; not a Map of them', () => {
    class Plain {
      @IsString()
      id!: string;

      @IsObject()
      @ValidateNested()
      @Type(() => Item)
      item!: Item;
    }
    expect(mirrorsPlainCopy(Item, all(Item))).toBe(true);
    expect(mirrorsPlainCopy(Plain, all(Plain))).toBe(true);
    const map = Reflect.getMetadata('design:type', Order.prototype, 'byName') === Map;
    expect(mirrorsPlainCopy(Order, all(Order))).toBe(!map);
  });

  it('sees @Exclude, @Expose, value-changing @Transform, @Type to a value class and extra own properties', () => {
    class Excluded {
      @Exclude()
      @IsString()
      a!: string;
    }
    class Exposed {
      @Expose()
      @IsString()
      a!: string;
    }
    class Trimmed {
      @Transform(({ value }) => (typeof value === 'string' ? value.trim() : value))
      @IsString()
      a!: string;
    }
    class Emptied {
      @Transform(({ value }) => (value === '' ? undefined : value))
      @IsOptional()
      @IsString()
      a?: string;
    }
    class Counted {
      @Type(() => Number)
      @IsInt()
      a!: number;
    }
    class Defaulted {
      @IsString()
      a!: string;

      b = 1;
    }
    for (const target of [Excluded, Exposed, Trimmed, Emptied, Counted, Defaulted]) {
      expect([target.name, mirrorsPlainCopy(target, new Set(['a']))]).toEqual([target.name, false]);
    }
    expect(ignoresProperty(Excluded, 'a')).toBe(true);
    expect(ignoresProperty(Trimmed, 'a')).toBe(false);
    expect(transformerMetadataProbe.findExcludeMetadata(Excluded, 'a')).toBeDefined();
    expect(transformerMetadataProbe.findExcludeMetadata(Item, 'sku')).toBeUndefined();
    expect(transformerMetadataProbe.getExposedMetadatas()).toEqual([]);
  });

  it('cannot see a @Transform that leaves every probed value alone; compiledValidation: false is the way out', () => {
    class Status {
      @Transform(({ value }) => (value === 'retired' ? 'RETIRED' : value))
      @IsOptional()
      @IsIn(['retired', 'current'])
      status?: string;
    }
    expect(CompiledValidator.compile(Status)).toBeDefined();
    const definition: EventDefinition<Status> = { type: 'status.v1', dataClass: Status, keyField: 'status', description: 'A status.' };
    expect(validateEventData(definition, { status: 'retired' })).toEqual({ status: 'retired' });
    expect(() => validateEventData({ ...definition, compiledValidation: false }, { status: 'retired' })).toThrow(SchemaValidationError);
    expect(validateEventData({ ...definition, compiledValidation: false }, { status: 'current' })).toBeInstanceOf(Status);
  });
});
