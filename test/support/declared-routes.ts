import { RequestMethod } from '@nestjs/common';
import { ModulesContainer } from '@nestjs/core';
import { IS_PUBLIC } from '../../src/infrastructure/auth/public.decorator';
import { REQUIRED_ACCOUNT_PERMISSION } from '../../src/infrastructure/http/account-scope';
import { REQUIRED_SCOPE } from '../../src/infrastructure/http/workspace-scope';
import type { TestServer } from './test-server';

// Nest's own metadata keys for a route's path and HTTP method (@nestjs/common constants).
const PATH_METADATA = 'path';
const METHOD_METADATA = 'method';

export interface Route {
  readonly method: string;
  /** `/api/...` with Nest's `:param` placeholders. */
  readonly path: string;
  /** The workspace scope it declares (`@RequiresScope`), on the handler or its controller. */
  readonly scope: string | undefined;
  /** The account permission it declares (`@RequiresAccountPermission`), on the handler or its controller. */
  readonly accountPermission: string | undefined;
  readonly isPublic: boolean;
}

/** Every HTTP route the Nest app declares, read from the controllers' metadata (never a hard-coded list). */
export function declaredRoutes(t: TestServer): Route[] {
  const routes: Route[] = [];
  for (const module of t.server.app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const type = wrapper.metatype as (new (...a: unknown[]) => unknown) | null;
      if (!type) continue;
      const base = ([] as string[]).concat(Reflect.getMetadata(PATH_METADATA, type) ?? '');
      for (const name of Object.getOwnPropertyNames(type.prototype)) {
        const handler = (type.prototype as Record<string, unknown>)[name];
        if (name === 'constructor' || typeof handler !== 'function' || Reflect.getMetadata(PATH_METADATA, handler) === undefined) continue;
        const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as number]!;
        const subs = ([] as string[]).concat(Reflect.getMetadata(PATH_METADATA, handler) as string | string[]);
        const declared = (key: string) => (Reflect.getMetadata(key, handler) ?? Reflect.getMetadata(key, type)) as string | undefined;
        const scope = declared(REQUIRED_SCOPE);
        const accountPermission = declared(REQUIRED_ACCOUNT_PERMISSION);
        const isPublic = Boolean(Reflect.getMetadata(IS_PUBLIC, handler) ?? Reflect.getMetadata(IS_PUBLIC, type));
        for (const b of base) {
          for (const sub of subs) {
            const path = `/${[b, sub].filter((p) => p && p !== '/').join('/')}`.replace(/\/+/g, '/');
            routes.push({ method, path, scope, accountPermission, isPublic });
          }
        }
      }
    }
  }
  return routes;
}

/** The names of a route path's `:params`, in order. */
export function pathParams(path: string): string[] {
  return [...path.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => m[1]!);
}
