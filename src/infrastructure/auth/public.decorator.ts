import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'praetor:isPublic';
/** Marks a route that needs no credentials (health probes, version). */
export const Public = () => SetMetadata(IS_PUBLIC, true);
