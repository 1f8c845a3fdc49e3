import { brotliDecompress, gunzip, inflate, InputType, ZlibOptions } from 'node:zlib';

/** A body the client sent in a way the service cannot read, with the status it earns. */
export class BodyReadError extends Error {
  constructor(
    readonly status: 400 | 413 | 415,
    message: string,
    /** body-parser's names for the same failures, so both adapters map alike. */
    readonly type: 'entity.too.large' | 'encoding.unsupported' | 'encoding.invalid',
  ) {
    super(message);
  }
}

type Inflate = (buffer: InputType, options: ZlibOptions, callback: (error: Error | null, result: Buffer) => void) => void;

const DECODERS: Record<string, Inflate | undefined> = { gzip: gunzip, 'x-gzip': gunzip, deflate: inflate, br: brotliDecompress as Inflate };

/**
 * The body as the client meant it: decoded by its `Content-Encoding` (identity, gzip, deflate,
 * br), never larger than `limit` once inflated, so a small compressed body cannot expand
 * without bound. What Express' body-parser does for the Express adapter, for Fastify.
 */
export async function readEncodedBody(body: Buffer, contentEncoding: string | string[] | undefined, limit: number): Promise<Buffer> {
  const encoding = (Array.isArray(contentEncoding) ? contentEncoding.join(',') : (contentEncoding ?? 'identity')).trim().toLowerCase();
  if (encoding === '' || encoding === 'identity') return body;
  const decode = DECODERS[encoding];
  if (!decode) throw new BodyReadError(415, `unsupported content encoding "${encoding}"`, 'encoding.unsupported');
  return new Promise((resolve, reject) =>
    decode(body, { maxOutputLength: limit }, (error, inflated) => {
      if (!error) return resolve(inflated);
      if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
        return reject(new BodyReadError(413, `body exceeds the limit of ${limit} bytes once decoded`, 'entity.too.large'));
      }
      reject(new BodyReadError(400, `body is not valid ${encoding}: ${error.message}`, 'encoding.invalid'));
    }),
  );
}
