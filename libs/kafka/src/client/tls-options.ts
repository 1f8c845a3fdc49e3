import { ConnectionOptions } from 'node:tls';
import { KafkaTlsOptions } from '../kafka.options';

/**
 * Node's `tls.connect` options for client-neutral TLS settings (both clients hand them to Node):
 * certificates are always verified; only the host name check can be turned off (certificates
 * made for another name, e.g. behind a tunnel). `undefined` when TLS is off.
 */
export function nodeTlsOptions(ssl: boolean | KafkaTlsOptions | undefined): ConnectionOptions | undefined {
  if (ssl === undefined || ssl === false) return undefined;
  const tls: ConnectionOptions = { rejectUnauthorized: true };
  if (ssl === true) return tls;
  if (ssl.ca !== undefined) tls.ca = [ssl.ca];
  if (ssl.cert !== undefined) tls.cert = ssl.cert;
  if (ssl.key !== undefined) tls.key = ssl.key;
  if (ssl.keyPassword !== undefined) tls.passphrase = ssl.keyPassword;
  if (ssl.checkHostname === false) tls.checkServerIdentity = () => undefined;
  return tls;
}
