// Setup file of the `e2e-platformatic` project: the same specs, every program on @platformatic/kafka.
process.env.KAFKA_CLIENT = 'platformatic';
