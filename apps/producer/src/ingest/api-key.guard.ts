import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { ProducerConfig } from '../producer.config';
import { ApiKey, ApiKeys, presentedKey } from './api-keys';
import { IngestError } from './ingest.error';

/** The headers of a request, the same on Express and Fastify, and the key the guard found. */
type Request = { headers: Record<string, string | string[] | undefined>; apiKey?: ApiKey };

/** The 401 message, the same from the guard and from the check made before the body is read. */
export const API_KEY_REQUIRED = 'an API key is required: Authorization: Bearer <key> or X-API-Key';
export const API_KEY_INVALID = 'the API key is not valid';

/**
 * When API keys are configured, a request must carry one, as `Authorization: Bearer <key>` or
 * `X-API-Key: <key>`; otherwise 401. Keys are compared in constant time (ApiKeys). The key found
 * is left on the request, so the ingest can check the event types it may publish.
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  private readonly keys: ApiKeys;

  constructor(@Inject(ProducerConfig) config: ProducerConfig) {
    this.keys = new ApiKeys(config.API_KEYS, config.API_KEY_EVENT_TYPES);
  }

  canActivate(context: ExecutionContext): boolean {
    if (!this.keys.enabled) return true;
    const request = context.switchToHttp().getRequest<Request>();
    const presented = presentedKey(request.headers);
    if (presented === undefined) throw new IngestError(401, API_KEY_REQUIRED);
    const key = this.keys.identify(presented);
    if (!key) throw new IngestError(401, API_KEY_INVALID);
    request.apiKey = key;
    return true;
  }
}

/** 403 naming the first event type `key` may not publish. */
export function checkEventTypes(key: ApiKey | undefined, types: string[]): void {
  if (!key?.eventTypes) return;
  const refused = types.find((type) => !key.eventTypes!.has(type));
  if (refused) throw new IngestError(403, `API key "${key.name}" may not publish ${refused}`);
}
