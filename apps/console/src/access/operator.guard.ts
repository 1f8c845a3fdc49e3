import { CanActivate, ExecutionContext, Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { timingSafeEqual } from 'node:crypto';
import type { Request } from 'express';
import { ConsoleConfig } from '../console.config';

/** Name of the cookie the sign-in sets, holding the operator token. */
export const TOKEN_COOKIE = 'streamline_console';

/**
 * Admits an API call when no CONSOLE_TOKEN is set (the console is bound to loopback then), or
 * when the call carries the token as `Authorization: Bearer …` or in the sign-in cookie.
 */
@Injectable()
export class OperatorGuard implements CanActivate {
  constructor(@Inject(ConsoleConfig) private readonly config: ConsoleConfig) {}

  canActivate(context: ExecutionContext): boolean {
    const expected = this.config.CONSOLE_TOKEN;
    if (!expected) return true;
    const request = context.switchToHttp().getRequest<Request>();
    if (request.path === '/api/session') return true;
    const presented = bearer(request) ?? cookie(request, TOKEN_COOKIE);
    if (presented !== undefined && same(presented, expected)) return true;
    throw new UnauthorizedException('an operator token is required: sign in on the page, or send Authorization: Bearer <CONSOLE_TOKEN>');
  }
}

function bearer(request: Request): string | undefined {
  const header = request.headers.authorization;
  return header?.startsWith('Bearer ') ? header.slice('Bearer '.length).trim() : undefined;
}

/** One cookie's value from the Cookie header. */
export function cookie(request: Request, name: string): string | undefined {
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return decodeURIComponent(value.join('='));
  }
  return undefined;
}

/** Compares in constant time, so the answer's timing tells nothing of the token. */
export function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
