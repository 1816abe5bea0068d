import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';

/** saml: controllers and use cases. Imported by IdentityAccessModule. */
@Module({
  imports: [CqrsModule],
})
export class SamlModule {}
