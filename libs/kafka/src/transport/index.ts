// `@streamline/kafka/transport`: the @nestjs/microservices transport, a sub-path of its own so that
// an app that does not use it needs no @nestjs/microservices installed.
export * from './streamline.server';
export * from './streamline.client';
export * from './streamline-rpc.context';
