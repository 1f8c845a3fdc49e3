import { KafkaAccessDeniedError } from '../errors/access-denied.error';
import { KafkaOAuthClientCredentials, KafkaSaslOptions } from '../kafka.options';

/** Share of a token's lifetime after which a new one is fetched (Kafka's Java client: `sasl.login.refresh.window.factor` 0.8). */
const REFRESH_AT = 0.8;
/** Lifetime assumed when the endpoint states none (`expires_in` is only RECOMMENDED by RFC 6749). */
const DEFAULT_LIFETIME_S = 300;
const REQUEST_TIMEOUT_MS = 10_000;

const FIX = 'check KAFKA_SASL_OAUTH_TOKEN_ENDPOINT_URL, KAFKA_SASL_OAUTH_CLIENT_ID and KAFKA_SASL_OAUTH_CLIENT_SECRET (or …_FILE)';

/**
 * OAuth 2.0 client credentials (RFC 6749 §4.4) for SASL/OAUTHBEARER: one POST to the token
 * endpoint with the client authenticated by HTTP Basic (§2.3.1, as Kafka's Java client does),
 * the token kept until 80 % of its lifetime and then fetched anew; concurrent callers share one
 * request. A refusal or an unreachable endpoint rejects with KafkaAccessDeniedError whose one
 * line names the endpoint's answer and what to check, never the secret. No library: the grant is
 * a single form POST over Node's fetch, and the Nest world has no common client for it.
 */
export class ClientCredentialsToken {
  private cached?: { value: string; renewAt: number };
  private pending?: Promise<string>;

  constructor(
    private readonly credentials: KafkaOAuthClientCredentials,
    private readonly now: () => number = Date.now,
  ) {}

  /** A valid access token, fetched when there is none or the one held is due for renewal. */
  token(): Promise<string> {
    if (this.cached && this.now() < this.cached.renewAt) return Promise.resolve(this.cached.value);
    this.pending ??= this.fetchToken().finally(() => (this.pending = undefined));
    return this.pending;
  }

  private async fetchToken(): Promise<string> {
    const { tokenEndpointUrl, clientId, clientSecret, scope } = this.credentials;
    const basic = Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(clientSecret)}`).toString('base64');
    const body = new URLSearchParams({ grant_type: 'client_credentials', ...(scope ? { scope } : {}) });
    const requestedAt = this.now();
    let response: Response;
    try {
      response = await fetch(tokenEndpointUrl, {
        method: 'POST',
        headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body,
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).name;
      throw refused('OAUTH_TOKEN_ENDPOINT_UNREACHABLE', `the OAuth token endpoint ${tokenEndpointUrl} could not be reached (${cause})`, error);
    }
    const answer = (await response.json().catch(() => undefined)) as
      { access_token?: unknown; expires_in?: unknown; error?: unknown; error_description?: unknown } | undefined;
    if (!response.ok || typeof answer?.access_token !== 'string') {
      const reason = [answer?.error, answer?.error_description].filter((part) => typeof part === 'string').join(': ');
      const what = response.ok ? 'answered without an access_token' : `refused the client credentials (${response.status}${reason ? ` ${reason}` : ''})`;
      throw refused('OAUTH_TOKEN_REFUSED', `the OAuth token endpoint ${what}`);
    }
    const lifetimeS = typeof answer.expires_in === 'number' && answer.expires_in > 0 ? answer.expires_in : DEFAULT_LIFETIME_S;
    this.cached = { value: answer.access_token, renewAt: requestedAt + lifetimeS * 1000 * REFRESH_AT };
    return answer.access_token;
  }
}

function refused(type: string, what: string, cause?: unknown): KafkaAccessDeniedError {
  return new KafkaAccessDeniedError({ kind: 'authentication', type }, `${what}: ${FIX}`, { cause });
}

const providers = new WeakMap<object, () => Promise<string>>();

/**
 * The OAUTHBEARER token source of `sasl`, one per options object (so a client's consumer, sender
 * and admin share one token); undefined for the other mechanisms.
 */
export function oauthTokenSource(sasl: KafkaSaslOptions | undefined): (() => Promise<string>) | undefined {
  if (sasl?.mechanism !== 'oauthbearer') return undefined;
  let provider = providers.get(sasl);
  if (!provider) {
    if (sasl.tokenProvider) provider = sasl.tokenProvider;
    else if (sasl.clientCredentials) {
      const source = new ClientCredentialsToken(sasl.clientCredentials);
      provider = () => source.token();
    } else throw new TypeError('SASL OAUTHBEARER needs clientCredentials or a tokenProvider');
    providers.set(sasl, provider);
  }
  return provider;
}
