// class-transformer's @Type reads design-time metadata; every consumer of the schemas needs it loaded.
import 'reflect-metadata';
export * from './errors/streamline.error';
export * from './errors/schema-validation.error';
export * from './errors/decode.error';
export * from './envelope/envelope';
export * from './envelope/cloudevent-headers';
export * from './events/order-placed.v1';
export * from './events/order-paid.v1';
export * from './events/order-shipped.v1';
export * from './events/order-cancelled.v1';
export * from './registry/topic-registry';
export * from './registry/derived-topics';
export * from './codec/validate';
export * from './codec/encode';
export * from './codec/decode';
export * from './registry/dead-letter-headers';
