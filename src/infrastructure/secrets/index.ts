export { SecretsService, SEALED_PREFIX, isSealed } from './secrets.service';
