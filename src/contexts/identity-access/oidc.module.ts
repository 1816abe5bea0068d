import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';

/** oidc: controllers and use cases. Imported by IdentityAccessModule. */
@Module({
  imports: [CqrsModule],
})
export class OidcModule {}
