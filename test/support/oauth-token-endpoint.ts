import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { issueOAuthToken, OAuthIssuerFiles } from '@streamline/local-broker';

/** A client the endpoint knows: its secret and the principal its tokens name. */
export interface OAuthClient {
  secret: string;
  subject: string;
}

/** A local identity provider's token endpoint (client-credentials grant), signing with the secured cluster's key. */
export interface OAuthTokenEndpoint {
  url: string;
  /** Grants asked for so far, per client id (refused ones included). */
  requests: Map<string, number>;
  close(): Promise<void>;
}

/**
 * Serves `POST /token` as RFC 6749 §4.4 describes: the client authenticated with HTTP Basic,
 * `grant_type=client_credentials`; answers a JWT the secured local cluster accepts, or 401
 * `invalid_client`.
 */
export async function startOAuthTokenEndpoint(
  issuer: OAuthIssuerFiles,
  clients: Record<string, OAuthClient>,
  lifetimeSeconds = 3600,
): Promise<OAuthTokenEndpoint> {
  const requests = new Map<string, number>();
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      const [id, secret] = Buffer.from((req.headers.authorization ?? '').replace(/^Basic /, ''), 'base64')
        .toString()
        .split(':')
        .map(decodeURIComponent);
      requests.set(id ?? '', (requests.get(id ?? '') ?? 0) + 1);
      const client = clients[id ?? ''];
      const form = new URLSearchParams(body);
      res.setHeader('content-type', 'application/json');
      if (req.method !== 'POST' || req.url !== '/token' || form.get('grant_type') !== 'client_credentials') {
        res.writeHead(400).end(JSON.stringify({ error: 'unsupported_grant_type' }));
      } else if (!client || client.secret !== secret) {
        res.writeHead(401).end(JSON.stringify({ error: 'invalid_client', error_description: 'client authentication failed' }));
      } else {
        const token = issueOAuthToken(issuer, client.subject, lifetimeSeconds, form.get('scope') ?? undefined);
        res.writeHead(200).end(JSON.stringify({ access_token: token, token_type: 'Bearer', expires_in: lifetimeSeconds }));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/token`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
