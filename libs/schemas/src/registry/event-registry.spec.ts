import 'reflect-metadata';
import { IsInt, IsString, IsUUID, Min } from 'class-validator';
import { EventRegistryError } from '../errors/event-registry.error';
import { defineEvent, TopicDefinition } from './event-definition';
import { EventRegistry } from './event-registry';

class InvoiceIssuedV1 {
  @IsUUID() invoiceId!: string;
  @IsInt() @Min(0) amountMinor!: number;
}

class InvoiceIssuedV2 {
  @IsUUID() invoiceId!: string;
  @IsString() total!: string;
}

class ReminderSentV1 {
  @IsUUID() invoiceId!: string;
}

const ID = '0d6f4b6e-8f3a-4d2c-9a61-3b8f0e5c7a21';

function invoices(overrides: Partial<TopicDefinition> = {}): TopicDefinition {
  return {
    name: 'invoices',
    partitions: 3,
    retentionMs: 86_400_000,
    description: 'Invoices, keyed by invoice id.',
    events: [
      defineEvent({
        type: 'invoice.issued.v1',
        dataClass: InvoiceIssuedV1,
        keyField: 'invoiceId',
        description: 'An invoice went out.',
        supersededBy: 'invoice.issued.v2',
        upcast: (v1) => ({ invoiceId: v1.invoiceId, total: String(v1.amountMinor) }),
        example: { invoiceId: ID, amountMinor: 1250 },
      }),
      defineEvent({ type: 'invoice.issued.v2', dataClass: InvoiceIssuedV2, keyField: 'invoiceId', description: 'An invoice went out.' }),
    ],
    ...overrides,
  };
}

function reminders(events = [defineEvent({ type: 'reminder.sent.v1', dataClass: ReminderSentV1, keyField: 'invoiceId', description: 'A reminder.' })]) {
  return { name: 'reminders', partitions: 1, retentionMs: -1, description: 'Reminders.', events };
}

/** The problems a registry of `topics` is refused for. */
function problemsOf(topics: TopicDefinition[]): string[] {
  try {
    new EventRegistry(topics);
  } catch (error) {
    if (error instanceof EventRegistryError) return error.problems;
    throw error;
  }
  return [];
}

describe('EventRegistry', () => {
  it("answers which definition and topic an app's event type has, in declaration order", () => {
    const registry = new EventRegistry([invoices(), reminders()]);
    expect(registry.types()).toEqual(['invoice.issued.v1', 'invoice.issued.v2', 'reminder.sent.v1']);
    expect(registry.find('invoice.issued.v2')!.dataClass).toBe(InvoiceIssuedV2);
    expect(registry.topicFor('reminder.sent.v1')!.name).toBe('reminders');
    expect(registry.topic('invoices')!.partitions).toBe(3);
    expect(registry.topics().map((t) => t.name)).toEqual(['invoices', 'reminders']);
    expect(registry.events().map((e) => e.type)).toEqual(registry.types());
    expect(registry.find('order.placed.v1')).toBeUndefined();
    expect(registry.topic('orders')).toBeUndefined();
  });

  it('names the unknown type and every known one', () => {
    const registry = new EventRegistry([reminders()]);
    expect(registry.unknownTypeMessage('invoice.paid.v1')).toBe('unknown event type "invoice.paid.v1"; known: reminder.sent.v1');
  });

  it("keeps its own copy, so changing the caller's arrays later changes nothing", () => {
    const topics = [reminders()];
    const registry = new EventRegistry(topics);
    topics[0].events.push(defineEvent({ type: 'reminder.late.v1', dataClass: ReminderSentV1, keyField: 'invoiceId', description: 'x' }));
    topics.push(invoices());
    expect(registry.types()).toEqual(['reminder.sent.v1']);
    expect(registry.topics()).toHaveLength(1);
  });

  it('refuses an event type declared twice, naming both topics', () => {
    const twice = reminders([
      ...reminders().events,
      defineEvent({ type: 'invoice.issued.v2', dataClass: InvoiceIssuedV2, keyField: 'invoiceId', description: 'x' }),
    ]);
    expect(problemsOf([invoices(), twice])).toEqual(['event type "invoice.issued.v2" is declared twice (topics invoices and reminders)']);
  });

  it('refuses a keyField that is not a property of the data class, listing the properties', () => {
    const bad = reminders([defineEvent({ type: 'reminder.sent.v1', dataClass: ReminderSentV1, keyField: 'invoiceid' as 'invoiceId', description: 'x' })]);
    expect(problemsOf([bad])).toEqual(['event reminder.sent.v1: keyField "invoiceid" is not a property of ReminderSentV1 (properties: invoiceId)']);
  });

  it('refuses supersededBy naming a type nobody declared', () => {
    const bad = reminders([
      defineEvent({ type: 'reminder.sent.v1', dataClass: ReminderSentV1, keyField: 'invoiceId', description: 'x', supersededBy: 'reminder.sent.v2' }),
    ]);
    expect(problemsOf([bad])).toEqual(['event reminder.sent.v1: supersededBy names "reminder.sent.v2", which the registry does not declare']);
  });

  it('refuses an upcast without supersededBy', () => {
    const bad = reminders([defineEvent({ type: 'reminder.sent.v1', dataClass: ReminderSentV1, keyField: 'invoiceId', description: 'x', upcast: (d) => d })]);
    expect(problemsOf([bad])).toEqual(['event reminder.sent.v1: upcast is set without supersededBy (name the type it upcasts to)']);
  });

  it('refuses a successor on another topic, and a chain of successors that comes back to itself', () => {
    const [v1, v2] = invoices().events;
    expect(problemsOf([invoices({ events: [v1] }), reminders([v2])])).toEqual([
      'event invoice.issued.v1: its successor invoice.issued.v2 travels on reminders, not on invoices (a successor shares its topic)',
    ]);
    const cycle = invoices({ events: [v1, { ...v2, supersededBy: 'invoice.issued.v1', upcast: (d: object) => d }] });
    expect(problemsOf([cycle])).toEqual([
      'event invoice.issued.v1: supersededBy forms a cycle (invoice.issued.v1 -> invoice.issued.v2 -> invoice.issued.v1)',
      'event invoice.issued.v2: supersededBy forms a cycle (invoice.issued.v2 -> invoice.issued.v1 -> invoice.issued.v2)',
    ]);
  });

  it('refuses an example its own class rejects, naming the field', () => {
    const [v1, v2] = invoices().events;
    expect(problemsOf([invoices({ events: [{ ...v1, example: { invoiceId: ID, amountMinor: -1 } }, v2] })])).toEqual([
      'event invoice.issued.v1: example is invalid (amountMinor: amountMinor must be an integer of at least 0)',
    ]);
  });

  it('refuses bad topics: no topics, a name Kafka rejects, a name twice, no partitions, no events', () => {
    expect(problemsOf([])).toEqual(['it needs at least one topic']);
    expect(problemsOf([reminders(), { ...reminders([]), name: 'bad name', partitions: 0, retentionMs: 0 }, { ...reminders(), events: [] }])).toEqual([
      `topic name "bad name" must be 1-249 letters, digits, '.', '_' or '-'`,
      'topic bad name: partitions must be a positive integer, got 0',
      'topic bad name: retentionMs must be a positive integer of milliseconds (or -1 to keep forever), got 0',
      'topic bad name lists no events',
      'topic "reminders" is declared twice',
      'topic reminders lists no events',
    ]);
  });

  it('reports every problem at once, on one line', () => {
    const bad = reminders([
      defineEvent({ type: 'reminder.sent.v1', dataClass: ReminderSentV1, keyField: 'nope' as 'invoiceId', description: 'x', upcast: (d) => d }),
    ]);
    expect(() => new EventRegistry([bad])).toThrow(
      new EventRegistryError([
        'event reminder.sent.v1: keyField "nope" is not a property of ReminderSentV1 (properties: invoiceId)',
        'event reminder.sent.v1: upcast is set without supersededBy (name the type it upcasts to)',
      ]),
    );
    try {
      new EventRegistry([bad]);
    } catch (error) {
      expect((error as Error).message).not.toContain('\n');
      expect((error as EventRegistryError).code).toBe('config');
    }
  });
});
