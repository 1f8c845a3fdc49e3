import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { KafkaAccessDeniedError } from '../errors/access-denied.error';
import { ClientCredentialsToken, oauthTokenSource } from './oauth-token';

/** A token endpoint on a real socket; `answer` decides each reply and sees the request. */
async function endpoint(answer: (req: IncomingMessage, body: string) => { status: number; json: object }): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      const { status, json } = answer(req, body);
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(json));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/token`, server };
}

describe('ClientCredentialsToken', () => {
  const servers: Server[] = [];
  afterAll(() => servers.forEach((s) => s.close()));

  it('asks with HTTP Basic and the client-credentials form, and keeps the token until 80 % of its lifetime', async () => {
    const seen: { authorization?: string; body: string }[] = [];
    const { url, server } = await endpoint((req, body) => {
      seen.push({ authorization: req.headers.authorization, body });
      return { status: 200, json: { access_token: `token-${seen.length}`, token_type: 'Bearer', expires_in: 100 } };
    });
    servers.push(server);
    let now = 1_000_000;
    const source = new ClientCredentialsToken({ tokenEndpointUrl: url, clientId: 'svc:a', clientSecret: 's3cr3t/+', scope: 'kafka' }, () => now);

    const [first, concurrent] = await Promise.all([source.token(), source.token()]);
    expect([first, concurrent]).toEqual(['token-1', 'token-1']);
    expect(seen).toHaveLength(1);
    expect(seen[0]!.authorization).toBe(`Basic ${Buffer.from('svc%3Aa:s3cr3t%2F%2B').toString('base64')}`);
    expect(Object.fromEntries(new URLSearchParams(seen[0]!.body))).toEqual({ grant_type: 'client_credentials', scope: 'kafka' });

    now += 79_000;
    expect(await source.token()).toBe('token-1');
    now += 2_000;
    expect(await source.token()).toBe('token-2');
    expect(seen).toHaveLength(2);
  });

  it("rejects a refusal with one line naming the endpoint's error and what to check, never the secret", async () => {
    const { url, server } = await endpoint(() => ({ status: 401, json: { error: 'invalid_client', error_description: 'client authentication failed' } }));
    servers.push(server);
    const failure = await new ClientCredentialsToken({ tokenEndpointUrl: url, clientId: 'svc', clientSecret: 'the-secret' }).token().catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(KafkaAccessDeniedError);
    expect((failure as Error).message).toBe(
      'the OAuth token endpoint refused the client credentials (401 invalid_client: client authentication failed): check KAFKA_SASL_OAUTH_TOKEN_ENDPOINT_URL, KAFKA_SASL_OAUTH_CLIENT_ID and KAFKA_SASL_OAUTH_CLIENT_SECRET (or …_FILE)',
    );
    expect((failure as Error).message).not.toContain('the-secret');
  });

  it('names an endpoint that cannot be reached, and asks again on the next call', async () => {
    const { url, server } = await endpoint(() => ({ status: 200, json: { access_token: 'late' } }));
    await new Promise((resolve) => server.close(resolve));
    const source = new ClientCredentialsToken({ tokenEndpointUrl: url, clientId: 'svc', clientSecret: 'x' });
    await expect(source.token()).rejects.toThrow(`the OAuth token endpoint ${url} could not be reached (ECONNREFUSED)`);
    await expect(source.token()).rejects.toThrow(/could not be reached/);
  });

  it('shares one source per options object and leaves the password mechanisms alone', async () => {
    const sasl = { mechanism: 'oauthbearer' as const, tokenProvider: () => Promise.resolve('own') };
    expect(oauthTokenSource(sasl)).toBe(oauthTokenSource(sasl));
    expect(await oauthTokenSource(sasl)!()).toBe('own');
    expect(oauthTokenSource({ mechanism: 'scram-sha-512', username: 'u', password: 'p' })).toBeUndefined();
  });
});
