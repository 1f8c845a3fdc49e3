import { execFile } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { LocalBrokerError } from '../local-broker.error';

const run = promisify(execFile);

/** The certificate files of a secured local cluster. */
export interface ClusterCertificates {
  /** The local CA's certificate, PEM: what clients trust (KAFKA_SSL_CA_FILE). */
  caFile: string;
  /** PKCS12 keystore with the broker key and its CA-signed certificate (SAN 127.0.0.1, localhost). */
  keystoreFile: string;
  /** PKCS12 truststore with the CA, for the brokers and Kafka's Java tools. */
  truststoreFile: string;
}

const VALIDITY_DAYS = '30';

async function keytool(args: string[]): Promise<void> {
  try {
    await run('keytool', args, { timeout: 60_000 });
  } catch (error) {
    const { stderr, stdout, message } = error as { stderr?: string; stdout?: string; message: string };
    const reason = (stderr || stdout || message).trim().split('\n').slice(-1)[0];
    throw new LocalBrokerError('tool-failed', `keytool ${args[0]} failed: ${reason}`, { cause: error });
  }
}

/**
 * Makes a certificate authority in `dir` (`ca.p12` and its certificate `ca.pem`) with the JDK's
 * keytool, which every machine that runs the broker has.
 */
export async function makeCertificateAuthority(dir: string, password: string, commonName = 'Streamline local CA'): Promise<string> {
  await mkdir(dir, { recursive: true });
  const store = join(dir, 'ca.p12');
  const caFile = join(dir, 'ca.pem');
  const storeArgs = ['-keystore', store, '-storetype', 'PKCS12', '-storepass', password];
  await keytool([
    '-genkeypair',
    '-alias',
    'ca',
    '-keyalg',
    'RSA',
    '-keysize',
    '2048',
    '-dname',
    `CN=${commonName}`,
    '-ext',
    'bc:c',
    '-validity',
    VALIDITY_DAYS,
    ...storeArgs,
  ]);
  await keytool(['-exportcert', '-rfc', '-alias', 'ca', '-file', caFile, ...storeArgs]);
  return caFile;
}

/** Makes the CA, the broker certificate it signs (valid for 127.0.0.1 and localhost) and the stores. */
export async function makeClusterCertificates(dir: string, password: string): Promise<ClusterCertificates> {
  const caFile = await makeCertificateAuthority(dir, password);
  const caStore = ['-keystore', join(dir, 'ca.p12'), '-storetype', 'PKCS12', '-storepass', password];
  const keystoreFile = join(dir, 'broker.p12');
  const truststoreFile = join(dir, 'truststore.p12');
  const brokerStore = ['-keystore', keystoreFile, '-storetype', 'PKCS12', '-storepass', password];
  const request = join(dir, 'broker.csr');
  const signed = join(dir, 'broker.pem');

  await keytool(['-importcert', '-noprompt', '-alias', 'ca', '-file', caFile, '-keystore', truststoreFile, '-storetype', 'PKCS12', '-storepass', password]);
  await keytool([
    '-genkeypair',
    '-alias',
    'broker',
    '-keyalg',
    'RSA',
    '-keysize',
    '2048',
    '-dname',
    'CN=localhost',
    '-validity',
    VALIDITY_DAYS,
    ...brokerStore,
  ]);
  await keytool(['-certreq', '-alias', 'broker', '-file', request, ...brokerStore]);
  await signWithCa(caStore, request, signed, 'SAN=ip:127.0.0.1,dns:localhost');
  // The chain is imported CA first, so keytool can link the signed certificate to its issuer.
  await keytool(['-importcert', '-noprompt', '-alias', 'ca', '-file', caFile, ...brokerStore]);
  await keytool(['-importcert', '-noprompt', '-alias', 'broker', '-file', signed, ...brokerStore]);
  return { caFile, keystoreFile, truststoreFile };
}

/** A client certificate and its key, PEM: KAFKA_SSL_CERT_FILE and KAFKA_SSL_KEY_FILE. */
export interface ClientCertificate {
  certFile: string;
  keyFile: string;
}

/**
 * A client certificate for mutual TLS, `CN=<commonName>`, signed by the CA that `caDir` holds
 * (`ca.p12`, as makeCertificateAuthority leaves it). The key is made with openssl, since keytool
 * cannot hand a private key out as PEM; keytool signs the request with the CA.
 */
export async function makeClientCertificate(caDir: string, password: string, commonName: string, outDir = caDir): Promise<ClientCertificate> {
  await mkdir(outDir, { recursive: true });
  const base = join(outDir, `client-${commonName}`);
  const [certFile, keyFile, request] = [`${base}.pem`, `${base}.key`, `${base}.csr`];
  try {
    await run('openssl', ['req', '-new', '-newkey', 'rsa:2048', '-nodes', '-keyout', keyFile, '-subj', `/CN=${commonName}`, '-out', request], {
      timeout: 60_000,
    });
  } catch (error) {
    throw new LocalBrokerError('tool-failed', `openssl req failed: ${(error as Error).message.split('\n')[0]}`, { cause: error });
  }
  await signWithCa(['-keystore', join(caDir, 'ca.p12'), '-storetype', 'PKCS12', '-storepass', password], request, certFile, 'EKU=clientAuth');
  return { certFile, keyFile };
}

/** Signs the certificate request `request` with the CA in `caStore` (keytool store arguments), PEM into `out`. */
function signWithCa(caStore: string[], request: string, out: string, extension: string): Promise<void> {
  return keytool(['-gencert', '-rfc', '-alias', 'ca', '-infile', request, '-outfile', out, '-ext', extension, '-validity', VALIDITY_DAYS, ...caStore]);
}
