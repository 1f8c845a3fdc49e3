import type { Request } from 'express';

/** Who asked for an action: the name the operator gave on the page (`X-Operator`) and the address the call came from. */
export function operatorOf(request: Request): string {
  const raw = request.headers['x-operator'];
  const name = (Array.isArray(raw) ? raw[0] : raw)?.trim().slice(0, 100) || 'anonymous';
  return `${name} from ${request.socket.remoteAddress ?? 'unknown address'}`;
}
