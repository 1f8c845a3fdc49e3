import { EventRegistryError } from '../errors/event-registry.error';
import { EventDefinition, TopicDefinition } from './event-definition';
import { registryProblems } from './registry-problems';

/**
 * An app's events: which event types exist, the class that validates each one's data, and the
 * topic each travels on. Built once from the app's topic definitions and checked then, so a
 * contradiction (a type declared twice, a key field the class lacks, a successor nobody
 * declared) stops start-up instead of surfacing on the first record. The codec, the contract
 * generator and the Kafka runtime all take one; nothing in the libraries holds a registry of its own.
 */
export class EventRegistry {
  private readonly all: readonly TopicDefinition[];
  private readonly byType = new Map<string, { topic: TopicDefinition; event: EventDefinition }>();
  private readonly byName = new Map<string, TopicDefinition>();

  /** Throws EventRegistryError listing every problem of `topics`. */
  constructor(topics: readonly TopicDefinition[]) {
    const problems = registryProblems(topics);
    if (problems.length > 0) throw new EventRegistryError(problems);
    // Copied, so the caller's arrays changing later cannot change the registry under the runtime.
    this.all = Object.freeze(topics.map((topic) => Object.freeze({ ...topic, events: Object.freeze([...topic.events]) as EventDefinition[] })));
    for (const topic of this.all) {
      this.byName.set(topic.name, topic);
      for (const event of topic.events) this.byType.set(event.type, { topic, event });
    }
  }

  /** The definition of an event type, or undefined when the registry does not know it. */
  find(type: string): EventDefinition | undefined {
    return this.byType.get(type)?.event;
  }

  /** The topic an event type travels on, or undefined when unknown. */
  topicFor(type: string): TopicDefinition | undefined {
    return this.byType.get(type)?.topic;
  }

  /** Every registered event type, in declaration order. */
  types(): string[] {
    return [...this.byType.keys()];
  }

  /** Every event definition, in declaration order. */
  events(): EventDefinition[] {
    return this.all.flatMap((topic) => topic.events);
  }

  /** The registry's topic of that name, or undefined. */
  topic(name: string): TopicDefinition | undefined {
    return this.byName.get(name);
  }

  /** Every topic, in declaration order. */
  topics(): readonly TopicDefinition[] {
    return this.all;
  }

  /** The sentence for a type the registry does not know, naming the ones it does. */
  unknownTypeMessage(type: string): string {
    return `unknown event type "${type}"; known: ${this.types().join(', ')}`;
  }
}
