import { createPrivateKey, generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** The secured cluster's OAUTHBEARER trust: the brokers accept JWTs signed with this key. */
export interface OAuthIssuerFiles {
  /** JSON Web Key Set with the public key, which the brokers read (`sasl.oauthbearer.jwks.endpoint.url`, a file URL). */
  jwksFile: string;
  /** PEM private key tokens are signed with (RS256). */
  signingKeyFile: string;
  /** `kid` of the key in the set. */
  keyId: string;
}

/** Makes an RSA key and its JWKS in `dir`, as a local identity provider's signing key. */
export async function makeOAuthIssuer(dir: string): Promise<OAuthIssuerFiles> {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const keyId = randomBytes(8).toString('hex');
  const files = { jwksFile: join(dir, 'jwks.json'), signingKeyFile: join(dir, 'oauth-signing-key.pem'), keyId };
  const jwk = { ...publicKey.export({ format: 'jwk' }), kid: keyId, use: 'sig', alg: 'RS256' };
  await writeFile(files.jwksFile, `${JSON.stringify({ keys: [jwk] }, null, 2)}\n`);
  await writeFile(files.signingKeyFile, privateKey.export({ format: 'pem', type: 'pkcs8' }), { mode: 0o600 });
  return files;
}

const base64url = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

/**
 * A JWT the secured local cluster accepts for `subject` (the principal `User:<subject>`), valid
 * for `lifetimeSeconds`: what an identity provider's token endpoint would hand a client.
 */
export function issueOAuthToken(issuer: OAuthIssuerFiles, subject: string, lifetimeSeconds = 3600, scope?: string): string {
  const now = Math.floor(Date.now() / 1000);
  const header = base64url({ alg: 'RS256', typ: 'JWT', kid: issuer.keyId });
  const payload = base64url({ sub: subject, iat: now, exp: now + lifetimeSeconds, iss: 'streamline-local', ...(scope ? { scope } : {}) });
  const signature = sign('sha256', Buffer.from(`${header}.${payload}`), createPrivateKey(readFileSync(issuer.signingKeyFile))).toString('base64url');
  return `${header}.${payload}.${signature}`;
}

/** The JVM system properties that let a Kafka 4 broker read the key set (it refuses any URL not allowed). */
export function oauthSystemProperties(issuer: OAuthIssuerFiles): string[] {
  return [`-Dorg.apache.kafka.sasl.oauthbearer.allowed.urls=${jwksUrl(issuer)}`, `-Dorg.apache.kafka.sasl.oauthbearer.allowed.files=${issuer.jwksFile}`];
}

/** The key set as the file URL the broker reads. */
export function jwksUrl(issuer: OAuthIssuerFiles): string {
  return `file://${issuer.jwksFile}`;
}
