// class-transformer's @Type reads design-time metadata; the event classes need it loaded.
import 'reflect-metadata';
export * from './events/money';
export * from './events/order-placed.v1';
export * from './events/order-paid.v1';
export * from './events/order-shipped.v1';
export * from './events/order-cancelled.v1';
export * from './events/order-placed.v2';
export * from './events/payment-authorized.v1';
export * from './events/payment-failed.v1';
export * from './events/payment-refunded.v1';
export * from './events/order-placed-upcaster';
export * from './order-registry';
export * from './samples/seeded-random';
export * from './samples/sample-events';
