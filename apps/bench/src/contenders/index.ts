import { ContenderParams, ContenderResult } from './contender';
import { javaConsumer, javaProducer } from './java-perf.contender';
import { kafkajsConsumer } from './kafkajs-consumer.contender';
import { kafkajsProducer } from './kafkajs-producer.contender';
import { nestTransportConsumer } from './nest-transport-consumer.contender';
import { platformaticConsumer } from './platformatic-consumer.contender';
import { platformaticProducer } from './platformatic-producer.contender';
import { streamlineConsumer } from './streamline-consumer.contender';
import { streamlineGroupMember } from './streamline-group-member.contender';
import { streamlineProducer } from './streamline-producer.contender';

/** Key concurrency of the `streamline-consumer-keys` contender: an option above the default of 16. */
export const KEY_CONCURRENCY = 64;

/** Every contender by name; Node ones run in a process of their own, Java ones are their own JVM. */
export const CONTENDERS = {
  'streamline-producer': streamlineProducer,
  'streamline-producer-platformatic': (params: ContenderParams) => streamlineProducer({ ...params, client: 'platformatic' }),
  'kafkajs-producer': kafkajsProducer,
  'kafkajs-encoding-producer': (params: ContenderParams) => kafkajsProducer(params, { encode: true }),
  'platformatic-producer': platformaticProducer,
  'platformatic-encoding-producer': (params: ContenderParams) => platformaticProducer(params, { encode: true }),
  'java-producer': javaProducer,
  'streamline-consumer': streamlineConsumer,
  'streamline-consumer-keys': (params: ContenderParams) => streamlineConsumer({ ...params, keyConcurrency: KEY_CONCURRENCY }),
  'streamline-consumer-platformatic': (params: ContenderParams) => streamlineConsumer({ ...params, client: 'platformatic' }),
  'streamline-group-member': streamlineGroupMember,
  'kafkajs-consumer': kafkajsConsumer,
  'kafkajs-decoding-consumer': (params: ContenderParams) => kafkajsConsumer(params, { decode: true }),
  'platformatic-consumer': platformaticConsumer,
  'platformatic-decoding-consumer': (params: ContenderParams) => platformaticConsumer(params, { decode: true }),
  'nest-transport-consumer': nestTransportConsumer,
  'java-consumer': javaConsumer,
} satisfies Record<string, (params: ContenderParams) => Promise<ContenderResult>>;

export type ContenderName = keyof typeof CONTENDERS;

/** Java tools are launched by the orchestrator directly; everything else in a child Node process. */
export const IN_PROCESS: ReadonlySet<ContenderName> = new Set(['java-producer', 'java-consumer']);
