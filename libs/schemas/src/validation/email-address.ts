import { ValidateBy, ValidationOptions } from 'class-validator';

/** Name of the constraint; the JSON Schema generator publishes EMAIL_ADDRESS_PATTERN for it. */
export const IS_EMAIL_ADDRESS = 'isEmailAddress';

/** Characters of an unquoted local part: RFC 5322 atext, and the non-ASCII letters RFC 6531 adds. */
const ATEXT = "[A-Za-z0-9!#$%&'*+\\-/=?^_`{|}~\\u00A1-\\uD7FF\\uF900-\\uFDCF\\uFDF0-\\uFFEF]";
/** Inside a quoted local part: printable characters and white space except `"` and `\`, or a `\` pair. */
const QTEXT = '[\\s\\x01-\\x08\\x0B\\x0C\\x0E-\\x1F\\x7F\\x21\\x23-\\x5B\\x5D-\\x7E\\u00A0-\\uD7FF\\uF900-\\uFDCF\\uFDF0-\\uFFEF]';
const QPAIR = '\\\\[\\x01-\\x09\\x0B\\x0C\\x0D-\\x7F\\u00A0-\\uD7FF\\uF900-\\uFDCF\\uFDF0-\\uFFEF]';
/** A domain label's characters: letters, digits, anything beyond ASCII except full-width forms. */
const LABEL_CHAR = '[A-Za-z0-9\\u00A1-\\uFF00\\uFF5F-\\u{10FFFF}]';
const LABEL = `${LABEL_CHAR}(?:[A-Za-z0-9\\-\\u00A1-\\uFF00\\uFF5F-\\u{10FFFF}]{0,61}${LABEL_CHAR})?`;
/** The top-level domain: two or more letters (white space and full-width forms excepted), or an `xn--` name. */
const TLD =
  '(?:[A-Za-z\\u00A1-\\u00A8\\u00AA-\\u167F\\u1681-\\u1FFF\\u200B-\\u2027\\u202A-\\u202E\\u2030-\\u205E\\u2060-\\u2FFF' +
  '\\u3001-\\uD7FF\\uF900-\\uFDCF\\uFDF0-\\uFEFE\\uFF00\\uFF5F-\\uFFEF]{2,63}|[Xx][Nn][A-Za-z0-9\\-]{1,60}[A-Za-z0-9])';

/**
 * An e-mail address as `@IsEmail()` (validator.js `isEmail` with its defaults) accepted it, in one
 * regular expression (ECMAScript, `u` flag) so that the JSON Schema can publish the rule itself
 * (`pattern`, where `format: email` would refuse the internationalised addresses of RFC 6531):
 * a local part of at most 64 characters, dot-separated atoms or quoted; a domain of labels of at
 * most 63 characters without a leading or trailing hyphen; a top-level domain of letters.
 * validator.js counts the 64 in UTF-8 bytes and the label length in UTF-16 units, which no
 * pattern can, so a non-ASCII address close to those lengths may now pass where it did not:
 * every address it accepted still passes (`email-address.spec.ts`).
 */
export const EMAIL_ADDRESS_PATTERN = `^(?=[\\s\\S]{1,64}@[^@]*$)(?:${ATEXT}+(?:\\.${ATEXT}+)*|"(?:${QTEXT}|${QPAIR})*"|")@(?:${LABEL}\\.)+${TLD}$`;

const EMAIL_ADDRESS = new RegExp(EMAIL_ADDRESS_PATTERN, 'u');

/** True for an e-mail address (see EMAIL_ADDRESS_PATTERN); bound its length with `@MaxLength(254)`. */
export function isEmailAddress(value: unknown): value is string {
  return typeof value === 'string' && EMAIL_ADDRESS.test(value);
}

/** An e-mail address, internationalised ones included; the rule is EMAIL_ADDRESS_PATTERN, published as is. */
export function IsEmailAddress(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: IS_EMAIL_ADDRESS,
      validator: {
        validate: (value) => isEmailAddress(value),
        defaultMessage: () => '$property must be an email',
      },
    },
    options,
  );
}
