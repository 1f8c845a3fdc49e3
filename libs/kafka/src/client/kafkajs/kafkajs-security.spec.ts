import { kafkajsSecurity } from './kafkajs-security';

describe('kafkajsSecurity', () => {
  it('keeps TLS off and SASL absent when nothing is asked', () => {
    expect(kafkajsSecurity({})).toEqual({ ssl: false, sasl: undefined });
  });

  it('verifies the broker certificate against the given CA and checks its host name by default', () => {
    const { ssl } = kafkajsSecurity({ ssl: { ca: 'CA-PEM', checkHostname: true } });
    expect(ssl).toEqual({ rejectUnauthorized: true, ca: ['CA-PEM'] });
  });

  it('skips only the host name check when told, still verifying the chain', () => {
    const ssl = kafkajsSecurity({ ssl: { ca: 'CA-PEM', checkHostname: false } }).ssl as { rejectUnauthorized: boolean; checkServerIdentity: () => unknown };
    expect(ssl.rejectUnauthorized).toBe(true);
    expect(ssl.checkServerIdentity()).toBeUndefined();
  });

  it('presents a client certificate and key with its passphrase (mutual TLS)', () => {
    expect(kafkajsSecurity({ ssl: { cert: 'C', key: 'K', keyPassword: 'pp' } }).ssl).toEqual({
      rejectUnauthorized: true,
      cert: 'C',
      key: 'K',
      passphrase: 'pp',
    });
  });

  it('passes SCRAM credentials through as kafkajs names them', () => {
    expect(kafkajsSecurity({ sasl: { mechanism: 'scram-sha-512', username: 'u', password: 'p' } }).sasl).toEqual({
      mechanism: 'scram-sha-512',
      username: 'u',
      password: 'p',
    });
  });
});
