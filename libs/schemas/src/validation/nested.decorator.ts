import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsObject, ValidateNested } from 'class-validator';

type ClassOf = () => new () => object;

/**
 * A property holding one object of a class, validated with it. `@ValidateNested` alone also
 * accepts an array of such objects; `@IsObject` closes that gap.
 */
export function IsNestedObject(type: ClassOf): PropertyDecorator {
  return (target, property) => {
    IsObject()(target, property);
    ValidateNested()(target, property);
    Type(type)(target, property);
  };
}

/**
 * A property holding `min`..`max` objects of a class, each validated with it. Every element
 * must be an object: `@ValidateNested({ each: true })` alone would accept nested arrays.
 */
export function IsNestedArray(type: ClassOf, { min, max }: { min: number; max: number }): PropertyDecorator {
  return (target, property) => {
    IsArray()(target, property);
    ArrayMinSize(min)(target, property);
    ArrayMaxSize(max)(target, property);
    IsObject({ each: true })(target, property);
    ValidateNested({ each: true })(target, property);
    Type(type)(target, property);
  };
}
