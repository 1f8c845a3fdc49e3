import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { createHash, timingSafeEqual } from 'node:crypto';
/** The headers of a request, the same on Express and Fastify. */
type Request = { headers: Record<string, string | string[] | undefined> };
import { ProducerConfig } from '../producer.config';
import { IngestError } from './ingest.error';

const digest = (key: string) => createHash('sha256').update(key).digest();

/**
 * When API keys are configured, a request must carry one, as `Authorization: Bearer <key>` or
 * `X-API-Key: <key>`; otherwise 401. Keys are compared as digests in constant time.
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  private readonly keys: Buffer[];

  constructor(@Inject(ProducerConfig) config: ProducerConfig) {
    this.keys = config.API_KEYS.map(digest);
  }

  canActivate(context: ExecutionContext): boolean {
    if (this.keys.length === 0) return true;
    const request = context.switchToHttp().getRequest<Request>();
    const presented = keyOf(request);
    if (presented === undefined) throw new IngestError(401, 'an API key is required: Authorization: Bearer <key> or X-API-Key');
    const candidate = digest(presented);
    // Check every key, so the time taken does not tell which one nearly matched.
    const match = this.keys.reduce((found, key) => timingSafeEqual(key, candidate) || found, false);
    if (!match) throw new IngestError(401, 'the API key is not valid');
    return true;
  }
}

function keyOf(request: Request): string | undefined {
  const authorization = request.headers.authorization;
  if (typeof authorization === 'string') {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    if (match) return match[1];
  }
  const header = request.headers['x-api-key'];
  return typeof header === 'string' && header.length > 0 ? header : undefined;
}
