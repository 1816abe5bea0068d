import { Inject, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { BasicStrategy } from 'passport-http';
import { Strategy as BearerStrategy } from 'passport-http-bearer';
import { API_KEY_AUTHENTICATOR, type ApiKeyAuthenticator, type Principal } from '../../shared/application';

/** `Authorization: Bearer pnu_...` (Cloud mode, and any HTTP client). */
@Injectable()
export class ApiKeyBearerStrategy extends PassportStrategy(BearerStrategy, 'bearer') {
  constructor(@Inject(API_KEY_AUTHENTICATOR) private readonly authenticator: ApiKeyAuthenticator) {
    super();
  }
  async validate(token: string): Promise<Principal | false> {
    return (await this.authenticator.authenticate(token)) ?? false;
  }
}

/**
 * HTTP Basic with the API key as the password: what the client sends in OSS mode when
 * PREFECT_API_AUTH_STRING is set (e.g. `api:pnu_...`). The user name is ignored.
 */
@Injectable()
export class ApiKeyBasicStrategy extends PassportStrategy(BasicStrategy, 'basic') {
  constructor(@Inject(API_KEY_AUTHENTICATOR) private readonly authenticator: ApiKeyAuthenticator) {
    super();
  }
  async validate(_user: string, password: string): Promise<Principal | false> {
    return (await this.authenticator.authenticate(password)) ?? false;
  }
}
