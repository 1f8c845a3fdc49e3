import { AclBindingView, isAllowed, serviceNeeds } from './access-requirements';

const allow = (
  principal: string,
  resourceType: AclBindingView['resourceType'],
  name: string,
  operation: string,
  patternType: AclBindingView['patternType'] = 'literal',
): AclBindingView => ({
  principal,
  resourceType,
  name,
  patternType,
  operation,
  permission: 'allow',
});

describe('isAllowed', () => {
  const write = { resourceType: 'topic' as const, name: 'sec.orders', operation: 'WRITE' };

  it('matches literal, wildcard and prefixed topic bindings of the principal only', () => {
    expect(isAllowed([allow('User:producer', 'topic', 'sec.orders', 'WRITE')], 'User:producer', write)).toBe(true);
    expect(isAllowed([allow('User:producer', 'topic', '*', 'WRITE')], 'User:producer', write)).toBe(true);
    expect(isAllowed([allow('User:producer', 'topic', 'sec.', 'WRITE', 'prefixed')], 'User:producer', write)).toBe(true);
    expect(isAllowed([allow('User:producer', 'topic', 'other.', 'WRITE', 'prefixed')], 'User:producer', write)).toBe(false);
    expect(isAllowed([allow('User:consumer', 'topic', 'sec.orders', 'WRITE')], 'User:producer', write)).toBe(false);
    expect(isAllowed([allow('User:*', 'topic', 'sec.orders', 'ALL')], 'User:producer', write)).toBe(true);
  });

  it('counts DESCRIBE as given by READ or WRITE, as Kafka does, but not WRITE by READ', () => {
    const bindings = [allow('User:consumer', 'topic', '*', 'READ')];
    expect(isAllowed(bindings, 'User:consumer', { resourceType: 'topic', name: 't', operation: 'DESCRIBE' })).toBe(true);
    expect(isAllowed(bindings, 'User:consumer', { resourceType: 'topic', name: 't', operation: 'WRITE' })).toBe(false);
  });

  it('lets a DENY win over an ALLOW', () => {
    const bindings = [
      allow('User:producer', 'topic', '*', 'WRITE'),
      { ...allow('User:producer', 'topic', 'sec.orders', 'WRITE'), permission: 'deny' as const },
    ];
    expect(isAllowed(bindings, 'User:producer', write)).toBe(false);
    expect(isAllowed(bindings, 'User:producer', { ...write, name: 'sec.payments' })).toBe(true);
  });
});

describe('serviceNeeds', () => {
  const needs = serviceNeeds({ topics: ['orders'], consumedTopics: ['orders'], group: 'g', parkingTopics: ['orders.g.dlq'] });

  it('asks WRITE on its topics of the producer and nothing of groups', () => {
    expect(needs.filter((n) => n.service === 'producer').map((n) => `${n.operation} ${n.resourceType} ${n.name}`)).toEqual([
      'WRITE topic orders',
      'DESCRIBE topic orders',
    ]);
  });

  it('asks READ on topics and group and WRITE on the dead-letter topic of the consumer', () => {
    const consumer = needs.filter((n) => n.service === 'consumer').map((n) => `${n.operation} ${n.resourceType} ${n.name}`);
    expect(consumer).toEqual(expect.arrayContaining(['READ topic orders', 'WRITE topic orders.g.dlq', 'READ group g']));
    expect(consumer).not.toContain('WRITE topic orders');
  });
});
