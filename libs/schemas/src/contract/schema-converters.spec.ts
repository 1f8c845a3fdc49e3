import 'reflect-metadata';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { IsISO8601, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { IsDateTime } from '../validation/is-date-time.decorator';
import { IsEmailAddress } from '../validation/email-address';
import { IsNestedObject } from '../validation/nested.decorator';
import { RFC3339_DATE_TIME_PATTERN } from '../validation/rfc3339';
import { ISO8601_DATE_TIME_PATTERN } from './iso8601-pattern';
import { eventClassSchemas } from './json-schema';
import { allowNull, NULLABLE_MARK } from './schema-converters';

class ConverterSpecCard {
  @Matches(/^\d{4}$/)
  last4!: string;
}

class ConverterSpecEvent {
  @IsDateTime()
  at!: string;

  @IsISO8601({ strict: true, strictSeparator: true })
  @Matches(/T/)
  @MaxLength(40)
  legacyAt!: string;

  @Matches(/T/)
  @IsISO8601({ strict: true, strictSeparator: true })
  legacyAtOtherOrder!: string;

  @IsISO8601({ strict: true })
  dateOrDateTime!: string;

  @IsOptional()
  @IsEmailAddress()
  @MaxLength(254)
  email?: string;

  @IsOptional()
  @IsString()
  @MaxLength(10)
  note?: string;

  @IsOptional()
  @IsNestedObject(() => ConverterSpecCard)
  card?: ConverterSpecCard;
}

type Properties = Record<string, Record<string, unknown>>;

describe('schema converters', () => {
  const schemas = eventClassSchemas('#/$defs/', [ConverterSpecEvent.name]);
  const properties = schemas.ConverterSpecEvent.properties as Properties;
  const ajv = new Ajv2020({ strict: false });
  addFormats(ajv);
  const valid = (property: string, value: unknown) => ajv.validate({ $defs: schemas, ...properties[property] }, value);

  it('publishes @IsDateTime as date-time with the pattern of its syntax: no space for the T', () => {
    expect(properties.at).toEqual({ type: 'string', format: 'date-time', pattern: RFC3339_DATE_TIME_PATTERN, maxLength: 40 });
    expect(valid('at', '2026-11-23T10:00:00Z')).toBe(true);
    expect(valid('at', '2016-12-31T23:59:60Z')).toBe(true);
    expect(valid('at', '2026-11-23 10:00:00Z')).toBe(false);
    expect(valid('at', '2026-11-23T10:00:00+0100')).toBe(false);
  });

  it('publishes a strict ISO 8601 date-time (@IsISO8601 and @Matches(/T/)) as its exact pattern, whatever the order', () => {
    for (const name of ['legacyAt', 'legacyAtOtherOrder']) {
      expect(properties[name].pattern).toBe(ISO8601_DATE_TIME_PATTERN);
      expect(properties[name].description).toBe('ISO 8601 date-time');
    }
    expect(properties.legacyAt.maxLength).toBe(40);
    expect(valid('legacyAt', '2026-11-23T10:00:00')).toBe(true);
    expect(valid('legacyAt', '2026-11-23T25:00:00Z')).toBe(false);
    expect(valid('legacyAt', '2026-02-30T10:00:00Z')).toBe(false);
  });

  it('keeps other ISO 8601 rules and plain @Matches as they were', () => {
    expect(properties.dateOrDateTime).toEqual({ type: 'string', description: 'ISO 8601 date or date-time' });
    expect((schemas.ConverterSpecCard.properties as Properties).last4).toEqual({ pattern: '^\\d{4}$', type: 'string' });
  });

  it('lets an @IsOptional property be null, as validation does, and says nothing else of it', () => {
    expect(properties.note).toEqual({ type: ['string', 'null'], maxLength: 10 });
    expect(properties.card).toEqual({ anyOf: [{ $ref: '#/$defs/ConverterSpecCard' }, { type: 'null' }] });
    expect(JSON.stringify(schemas)).not.toContain(NULLABLE_MARK);
    expect(schemas.ConverterSpecEvent.required).not.toContain('email');
    expect(valid('card', null)).toBe(true);
    expect(valid('card', { last4: '1234' })).toBe(true);
    expect(valid('card', { last4: '12' })).toBe(false);
    expect(valid('note', null)).toBe(true);
  });

  it('publishes @IsEmailAddress as its pattern, internationalised addresses included', () => {
    expect(properties.email.type).toEqual(['string', 'null']);
    expect(properties.email.format).toBeUndefined();
    expect(valid('email', 'üser@exämple.com')).toBe(true);
    expect(valid('email', 'user@example.com')).toBe(true);
    expect(valid('email', 'a@b')).toBe(false);
    expect(valid('email', null)).toBe(true);
  });

  it('allowNull leaves a schema without a type alone and does not repeat null', () => {
    expect(allowNull({ [NULLABLE_MARK]: true, description: 'x' })).toEqual({ description: 'x' });
    expect(allowNull({ [NULLABLE_MARK]: true, type: ['string', 'null'] })).toEqual({ type: ['string', 'null'] });
  });
});
