import { Body, Controller, HttpCode, Inject, Post, Res, UnauthorizedException } from '@nestjs/common';
import type { Response } from 'express';
import { IsString } from 'class-validator';
import { ConsoleConfig } from '../console.config';
import { same, TOKEN_COOKIE } from './operator.guard';

class SignIn {
  @IsString({ message: 'token must be a string' })
  token!: string;
}

/** `POST /api/session`: trades the operator token for an HttpOnly cookie, so the page (and its event stream) need not hold it. */
@Controller('api/session')
export class SessionController {
  constructor(@Inject(ConsoleConfig) private readonly config: ConsoleConfig) {}

  @Post()
  @HttpCode(204)
  signIn(@Body() body: SignIn, @Res({ passthrough: true }) response: Response): void {
    const expected = this.config.CONSOLE_TOKEN;
    if (expected && !same(body.token, expected)) throw new UnauthorizedException('wrong operator token');
    response.cookie(TOKEN_COOKIE, body.token, { httpOnly: true, sameSite: 'strict', path: '/' });
  }
}
