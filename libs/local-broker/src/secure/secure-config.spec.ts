import { buildBrokerProperties } from '../broker-config';
import { aclCommandArgs, addScramArgs, randomPassword, serviceAcls, toolClientProperties } from './secure-config';

function parse(text: string): Map<string, string> {
  const entries = text
    .split('\n')
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => {
      const at = line.indexOf('=');
      return [line.slice(0, at), line.slice(at + 1)] as [string, string];
    });
  return new Map(entries);
}

const security = {
  keystoreFile: '/s/broker.p12',
  truststoreFile: '/s/truststore.p12',
  storePassword: 'store-pass',
  broker: { username: 'admin', password: 'admin-pass' },
  plainUsers: [
    { username: 'admin', password: 'admin-pass' },
    { username: 'producer', password: 'producer-pass' },
  ],
};

describe('secured broker properties', () => {
  const props = parse(buildBrokerProperties({ nodeId: 1, brokerCount: 3, port: 13100, dataDir: '/d', security }));

  it('serves clients and brokers on one SASL_SSL listener, certificate logins on a mutual-TLS one, and nothing in plain text', () => {
    expect(props.get('listeners')).toBe('SASL_SSL://127.0.0.1:13101,CONTROLLER://127.0.0.1:14101,MTLS://127.0.0.1:15101');
    expect(props.get('advertised.listeners')).toBe('SASL_SSL://127.0.0.1:13101,MTLS://127.0.0.1:15101');
    expect(props.get('listener.security.protocol.map')).toBe('SASL_SSL:SASL_SSL,CONTROLLER:SASL_PLAINTEXT,MTLS:SSL');
    expect(props.get('listener.name.mtls.ssl.client.auth')).toBe('required');
    expect(props.get('ssl.principal.mapping.rules')).toBe('RULE:^CN=([^,]+)$/$1/,DEFAULT');
    expect(props.get('inter.broker.listener.name')).toBe('SASL_SSL');
    expect(props.get('sasl.mechanism.inter.broker.protocol')).toBe('SCRAM-SHA-512');
    expect(props.get('sasl.enabled.mechanisms')?.split(',')).toEqual(expect.arrayContaining(['SCRAM-SHA-512', 'SCRAM-SHA-256', 'PLAIN']));
    expect([...props.values()].join('\n')).not.toMatch(/PLAINTEXT:\/\//);
  });

  it('authorizes with the StandardAuthorizer, the broker principal as the only super user, deny by default', () => {
    expect(props.get('authorizer.class.name')).toBe('org.apache.kafka.metadata.authorizer.StandardAuthorizer');
    expect(props.get('super.users')).toBe('User:admin');
    expect(props.get('allow.everyone.if.no.acl.found')).toBe('false');
  });

  it('authenticates the broker as its principal on both listeners, with the stores it was given', () => {
    expect(props.get('listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config')).toContain('username="admin" password="admin-pass"');
    expect(props.get('listener.name.controller.plain.sasl.jaas.config')).toContain('user_admin="admin-pass"');
    expect(props.get('listener.name.sasl_ssl.plain.sasl.jaas.config')).toMatch(
      /PlainLoginModule required .*user_admin="admin-pass" user_producer="producer-pass";$/,
    );
    expect(props.get('ssl.keystore.location')).toBe('/s/broker.p12');
    expect(props.get('ssl.truststore.location')).toBe('/s/truststore.p12');
    expect(props.get('ssl.keystore.password')).toBe('store-pass');
  });

  it('keeps every other setting of the plain broker, each key once', () => {
    const text = buildBrokerProperties({ nodeId: 1, brokerCount: 3, port: 13100, dataDir: '/d', security });
    const keys = text
      .split('\n')
      .filter((l) => l && !l.startsWith('#'))
      .map((l) => l.slice(0, l.indexOf('=')));
    expect(new Set(keys).size).toBe(keys.length);
    expect(props.get('min.insync.replicas')).toBe('2');
    expect(props.get('auto.create.topics.enable')).toBe('false');
  });

  it('leaves the plain broker as it was when no security is given', () => {
    const plain = parse(buildBrokerProperties({ nodeId: 0, brokerCount: 1, port: 9092, dataDir: '/d' }));
    expect(plain.get('listeners')).toBe('PLAINTEXT://127.0.0.1:9092,CONTROLLER://127.0.0.1:10092');
    expect(plain.has('authorizer.class.name')).toBe(false);
  });
});

describe('users and ACLs', () => {
  it('creates SCRAM-SHA-256 and -512 credentials for every user at format time', () => {
    expect(addScramArgs([{ username: 'producer', password: 'p1' }])).toEqual([
      '--add-scram',
      'SCRAM-SHA-256=[name=producer,password=p1]',
      '--add-scram',
      'SCRAM-SHA-512=[name=producer,password=p1]',
    ]);
  });

  it('makes passwords that need no escaping and differ each time', () => {
    expect(randomPassword()).toMatch(/^[0-9a-f]{32}$/);
    expect(randomPassword()).not.toBe(randomPassword());
  });

  it('grants the producer write and describe on topics, and nothing on groups', () => {
    const producer = serviceAcls('sec.').filter((g) => g.user === 'producer');
    expect(producer).toEqual([{ user: 'producer', resource: 'topic', name: 'sec.', prefixed: true, operations: ['Write', 'Describe'] }]);
  });

  it('grants the consumer read on its topics and group and write on the topics it parks records in', () => {
    const consumer = serviceAcls().filter((g) => g.user === 'consumer');
    const topic = consumer.find((g) => g.resource === 'topic');
    expect(topic).toMatchObject({ name: '*', prefixed: false });
    expect(topic?.operations).toEqual(expect.arrayContaining(['Read', 'Describe', 'Write']));
    expect(consumer.find((g) => g.resource === 'group')?.operations).toEqual(['Read', 'Describe']);
    expect(consumer.flatMap((g) => g.operations)).not.toContain('Delete');
  });

  it('never grants a service user All or Alter on the cluster', () => {
    for (const grant of serviceAcls()) {
      expect(grant.operations).not.toContain('All');
      if (grant.resource === 'cluster') expect(grant.operations).not.toContain('Alter');
    }
  });

  it('turns a grant into AclCommand arguments', () => {
    expect(aclCommandArgs({ user: 'producer', resource: 'topic', name: 'sec.', prefixed: true, operations: ['Write', 'Describe'] })).toEqual([
      '--add',
      '--allow-principal',
      'User:producer',
      '--operation',
      'Write',
      '--operation',
      'Describe',
      '--topic',
      'sec.',
      '--resource-pattern-type',
      'prefixed',
    ]);
    expect(aclCommandArgs({ user: 'operator', resource: 'cluster', name: 'kafka-cluster', prefixed: false, operations: ['Describe'] })).toEqual([
      '--add',
      '--allow-principal',
      'User:operator',
      '--operation',
      'Describe',
      '--cluster',
    ]);
  });

  it('writes Java tool client properties for SASL_SSL with SCRAM-SHA-512', () => {
    const props = parse(toolClientProperties({ username: 'admin', password: 'pw' }, '/s/t.p12', 'sp'));
    expect(props.get('security.protocol')).toBe('SASL_SSL');
    expect(props.get('sasl.mechanism')).toBe('SCRAM-SHA-512');
    expect(props.get('sasl.jaas.config')).toContain('username="admin" password="pw"');
    expect(props.get('ssl.truststore.location')).toBe('/s/t.p12');
  });
});
