/** A class-validator class describing an event's data. */
export type EventDataClass<T extends object = object> = new () => T;

/** One event type: its data class and which data field is the Kafka key (ordering key). */
export interface EventDefinition<T extends object = object> {
  type: string;
  dataClass: EventDataClass<T>;
  keyField: keyof T & string;
  description: string;
  /** The newer type producers should move to; this one stays decodable. */
  supersededBy?: string;
  /**
   * How this type's data becomes its successor's (`supersededBy`): a handler written for the
   * newer version receives history of this one upcast, validated against the newer class.
   */
  upcast?: (data: T) => object;
  /** A valid instance of the data, shown in the generated contract and the HTTP docs. */
  example?: Partial<T>;
  /**
   * `false` validates this type's data with class-transformer and class-validator on every call,
   * never on the compiled fast path: for a class with a `@Transform` the fast path cannot see
   * (one that leaves every value it probes alone, see `validation/transformer-probe.ts`).
   * Default: the fast path, for every class whose decorators it mirrors.
   */
  compiledValidation?: boolean;
}

/** A topic and the event types that travel on it. */
export interface TopicDefinition {
  name: string;
  partitions: number;
  retentionMs: number;
  description: string;
  events: EventDefinition[];
}

/**
 * An event definition typed against its data class (so `keyField`, `upcast` and `example` are
 * checked), widened to the shape a topic lists.
 */
export function defineEvent<T extends object>(definition: EventDefinition<T>): EventDefinition {
  return definition as unknown as EventDefinition;
}
