import { Transform } from 'class-transformer';
import { IsArray, IsIn, IsOptional, IsString, IsUrl, Matches, ValidateIf } from 'class-validator';

const HOST_PORT = /^[A-Za-z0-9.\-_[\]:]+:\d{1,5}$/;
const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----/;
const PEM_PRIVATE_KEY = /-----BEGIN [A-Z ]*PRIVATE KEY-----/;

/** Splits a comma-separated variable into trimmed, non-empty parts. */
export const splitList = ({ value }: { value: unknown }) =>
  typeof value === 'string'
    ? value
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : value;

/** A mechanism that logs in with a user name and password. */
const withPassword = (env: KafkaEnv) => env.KAFKA_SASL_MECHANISM !== undefined && env.KAFKA_SASL_MECHANISM !== 'oauthbearer';

/** Kafka connection settings shared by every app's config class. */
export class KafkaEnv {
  /** Variables that may also be read from a file named by `<NAME>_FILE` (mounted secrets). */
  static secretVariables: readonly string[] = [
    'KAFKA_SASL_USERNAME',
    'KAFKA_SASL_PASSWORD',
    'KAFKA_SSL_CA',
    'KAFKA_SSL_CERT',
    'KAFKA_SSL_KEY',
    'KAFKA_SSL_KEY_PASSWORD',
    'KAFKA_SASL_OAUTH_CLIENT_SECRET',
  ];

  @Transform(splitList)
  @IsArray({ message: 'KAFKA_BROKERS must be host:port[,host:port]' })
  @Matches(HOST_PORT, { each: true, message: 'KAFKA_BROKERS must be host:port[,host:port]' })
  KAFKA_BROKERS: string[] = ['127.0.0.1:9092'];

  @IsString()
  KAFKA_CLIENT_ID = 'streamline';

  /** Prefix of every registry topic name, e.g. `staging.`. */
  @IsOptional()
  @Matches(/^[A-Za-z0-9._-]{0,100}$/, { message: 'KAFKA_TOPIC_PREFIX must be up to 100 characters of letters, digits, . _ -' })
  KAFKA_TOPIC_PREFIX?: string;

  @IsOptional()
  @IsIn(['true', 'false'], { message: 'KAFKA_SSL must be true or false' })
  KAFKA_SSL?: 'true' | 'false';

  /** CA certificates (PEM) to trust instead of the system's; usually given as KAFKA_SSL_CA_FILE. Turns TLS on. */
  @IsOptional()
  @Matches(PEM_CERTIFICATE, { message: 'KAFKA_SSL_CA (or the file KAFKA_SSL_CA_FILE names) must hold PEM certificates (-----BEGIN CERTIFICATE-----)' })
  KAFKA_SSL_CA?: string;

  /** Client certificate (PEM) for mutual TLS, with KAFKA_SSL_KEY; usually KAFKA_SSL_CERT_FILE. */
  @IsOptional()
  @Matches(PEM_CERTIFICATE, { message: 'KAFKA_SSL_CERT (or the file KAFKA_SSL_CERT_FILE names) must hold a PEM certificate (-----BEGIN CERTIFICATE-----)' })
  KAFKA_SSL_CERT?: string;

  /** Private key (PEM) of the client certificate; usually KAFKA_SSL_KEY_FILE. */
  @ValidateIf((env: KafkaEnv) => env.KAFKA_SSL_CERT !== undefined || env.KAFKA_SSL_KEY !== undefined)
  @IsString({ message: 'KAFKA_SSL_KEY (or KAFKA_SSL_KEY_FILE) is needed with KAFKA_SSL_CERT' })
  @Matches(PEM_PRIVATE_KEY, { message: 'KAFKA_SSL_KEY (or the file KAFKA_SSL_KEY_FILE names) must hold a PEM private key (-----BEGIN … PRIVATE KEY-----)' })
  KAFKA_SSL_KEY?: string;

  /** Passphrase of an encrypted KAFKA_SSL_KEY. */
  @IsOptional()
  @IsString()
  KAFKA_SSL_KEY_PASSWORD?: string;

  /** Check that the broker's certificate names the host connected to. Default: true. */
  @IsOptional()
  @IsIn(['true', 'false'], { message: 'KAFKA_SSL_CHECK_HOSTNAME must be true or false' })
  KAFKA_SSL_CHECK_HOSTNAME?: 'true' | 'false';

  @IsOptional()
  @IsIn(['plain', 'scram-sha-256', 'scram-sha-512', 'oauthbearer'], {
    message: 'KAFKA_SASL_MECHANISM must be plain, scram-sha-256, scram-sha-512 or oauthbearer',
  })
  KAFKA_SASL_MECHANISM?: 'plain' | 'scram-sha-256' | 'scram-sha-512' | 'oauthbearer';

  @ValidateIf((env: KafkaEnv) => withPassword(env) || env.KAFKA_SASL_USERNAME !== undefined)
  @IsString({ message: 'KAFKA_SASL_USERNAME (or KAFKA_SASL_USERNAME_FILE) is needed with KAFKA_SASL_MECHANISM plain or scram-*' })
  KAFKA_SASL_USERNAME?: string;

  @ValidateIf((env: KafkaEnv) => withPassword(env) || env.KAFKA_SASL_PASSWORD !== undefined)
  @IsString({ message: 'KAFKA_SASL_PASSWORD (or KAFKA_SASL_PASSWORD_FILE) is needed with KAFKA_SASL_MECHANISM plain or scram-*' })
  KAFKA_SASL_PASSWORD?: string;

  /** OAUTHBEARER: the identity provider's token endpoint for the client-credentials grant. */
  @ValidateIf((env: KafkaEnv) => env.KAFKA_SASL_MECHANISM === 'oauthbearer' || env.KAFKA_SASL_OAUTH_TOKEN_ENDPOINT_URL !== undefined)
  @IsUrl(
    { protocols: ['http', 'https'], require_tld: false, require_protocol: true },
    { message: 'KAFKA_SASL_OAUTH_TOKEN_ENDPOINT_URL must be the http(s) URL of the token endpoint, needed with KAFKA_SASL_MECHANISM=oauthbearer' },
  )
  KAFKA_SASL_OAUTH_TOKEN_ENDPOINT_URL?: string;

  @ValidateIf((env: KafkaEnv) => env.KAFKA_SASL_MECHANISM === 'oauthbearer' || env.KAFKA_SASL_OAUTH_CLIENT_ID !== undefined)
  @IsString({ message: 'KAFKA_SASL_OAUTH_CLIENT_ID is needed with KAFKA_SASL_MECHANISM=oauthbearer' })
  KAFKA_SASL_OAUTH_CLIENT_ID?: string;

  @ValidateIf((env: KafkaEnv) => env.KAFKA_SASL_MECHANISM === 'oauthbearer' || env.KAFKA_SASL_OAUTH_CLIENT_SECRET !== undefined)
  @IsString({ message: 'KAFKA_SASL_OAUTH_CLIENT_SECRET (or KAFKA_SASL_OAUTH_CLIENT_SECRET_FILE) is needed with KAFKA_SASL_MECHANISM=oauthbearer' })
  KAFKA_SASL_OAUTH_CLIENT_SECRET?: string;

  /** OAUTHBEARER: space-separated scopes to ask the token endpoint for. */
  @IsOptional()
  @IsString()
  KAFKA_SASL_OAUTH_SCOPE?: string;

  /** The Kafka client library: kafkajs or platformatic (@platformatic/kafka). */
  @IsIn(['kafkajs', 'platformatic'], { message: 'KAFKA_CLIENT must be kafkajs or platformatic' })
  KAFKA_CLIENT: 'kafkajs' | 'platformatic' = 'kafkajs';
}
