import 'reflect-metadata';
import { IsIn, IsInt, IsNumber, IsOptional, IsString, IsUUID, Length, MaxLength, Min } from 'class-validator';
import { backwardBreakingChanges, SchemaNode } from './compatibility';
import { eventJsonSchema } from './json-schema';
import { renderContractFiles } from './contract-files';
import { contractBreakingChanges } from './contract-check';
import { ORDER_CONTRACT_VERSION, orderRegistry } from '@streamline/orders';

// Three versions of one event class, as a developer would edit it: the one on the topics today,
// an additive change and a breaking one.
class RefundIssuedToday {
  @IsUUID() orderId!: string;
  @IsString() @Length(1, 128) refundId!: string;
  @IsIn(['card', 'wallet']) method!: string;
  @IsNumber({ allowNaN: false, allowInfinity: false }) @Min(0) amount!: number;
  @IsOptional() @IsString() @MaxLength(100) note?: string;
  @IsString() @MaxLength(64) legacyCode!: string;
}

class RefundIssuedAdditive {
  @IsUUID() orderId!: string;
  @IsString() @Length(1, 256) refundId!: string;
  @IsIn(['card', 'wallet', 'bank-transfer']) method!: string;
  @IsNumber({ allowNaN: false, allowInfinity: false }) @Min(0) amount!: number;
  @IsOptional() @IsString() @MaxLength(500) note?: string;
  @IsString() @MaxLength(64) legacyCode!: string;
  @IsOptional() @IsString() @MaxLength(64) reference?: string;
}

class RefundIssuedBreaking {
  @IsUUID() orderId!: string;
  @IsString() @Length(1, 64) refundId!: string;
  @IsIn(['card']) method!: string;
  @IsInt() @Min(0) amount!: number;
  @IsString() @MaxLength(100) note!: string;
  @IsString() @MaxLength(64) reason!: string;
}

const schemaOf = (dataClass: new () => object) =>
  eventJsonSchema({ type: 'refund.issued.v1', dataClass, keyField: 'orderId' as never, description: 'a refund' }, 'payments') as SchemaNode;

describe('backward compatibility of the generated contract (BACKWARD mode)', () => {
  it('passes an additive change: a new optional field, an enum value added, bounds loosened', () => {
    expect(backwardBreakingChanges(schemaOf(RefundIssuedToday), schemaOf(RefundIssuedAdditive))).toEqual([]);
  });

  it('fails a breaking change, naming each: bound tightened, enum value removed, type narrowed, made required, new required, removed', () => {
    const changes = backwardBreakingChanges(schemaOf(RefundIssuedToday), schemaOf(RefundIssuedBreaking));
    expect(changes.map((c) => `${c.path}: ${c.change.split(':')[0]}`).sort()).toEqual(
      [
        '$.amount: type narrowed or changed',
        '$.legacyCode: property removed (unknown properties are refused, so history holding it no longer validates)',
        '$.method: enum value(s) removed',
        '$.note: made required',
        // An optional property also takes null; a required one no longer does.
        '$.note: type narrowed or changed',
        '$.reason: new required property',
        '$.refundId: maxLength lowered',
      ].sort(),
    );
  });

  it('reads an optional nested class (its reference or null) as the class, and names null refused', () => {
    const card = (last4: SchemaNode): SchemaNode => ({ type: 'object', properties: { last4 }, additionalProperties: false });
    const nullable: SchemaNode = {
      type: 'object',
      properties: { card: { anyOf: [{ $ref: '#/$defs/Card' }, { type: 'null' }] } },
      $defs: { Card: card({ type: 'string' }) },
    };
    const tightened: SchemaNode = { ...nullable, $defs: { Card: card({ type: 'string', pattern: '^\\d{4}$' }) } };
    const notNull: SchemaNode = { ...nullable, properties: { card: { type: 'object', $ref: '#/$defs/Card' } } };
    expect(backwardBreakingChanges(nullable, nullable)).toEqual([]);
    expect(backwardBreakingChanges(nullable, tightened).map((c) => c.path)).toEqual(['$.card.last4']);
    expect(backwardBreakingChanges(nullable, notNull)).toEqual([{ path: '$.card', change: 'null no longer allowed' }]);
    expect(backwardBreakingChanges(notNull, nullable)).toEqual([]);
  });

  it('finds no breaking change between the committed baseline and the classes, and names a removed event type', () => {
    const current = renderContractFiles(orderRegistry, { version: ORDER_CONTRACT_VERSION });
    expect(contractBreakingChanges(current, current)).toEqual([]);
    const withoutOne = new Map([...current].filter(([path]) => path !== 'json-schema/order.paid.v1.json'));
    expect(contractBreakingChanges(current, withoutOne)).toEqual([
      { path: 'order.paid.v1', change: 'event type removed: history of it can no longer be read' },
    ]);
  });
});
