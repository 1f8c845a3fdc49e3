import { StreamlineError } from './streamline.error';

/** One invalid field: its path in the data (`items[0].quantity`) and what was wrong. */
export interface FieldError {
  field: string;
  messages: string[];
}

/** Data does not match its event class. Lists every invalid field; never retriable. */
export class SchemaValidationError extends StreamlineError {
  constructor(
    readonly eventType: string,
    readonly fields: FieldError[],
  ) {
    super('schema-validation', `${eventType} is invalid: ${fields.map((f) => `${f.field} (${f.messages.join('; ')})`).join(', ')}`, false, {
      context: { eventType },
    });
  }
}
